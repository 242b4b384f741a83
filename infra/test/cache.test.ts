import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { onlyResource, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

describe('Cache', () => {
  let stack: Synthesized;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
  });

  it('is a Redis 7 replication group encrypted in transit and at rest', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      EngineVersion: Match.stringLikeRegexp('^7\\.'),
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      Port: 6379,
    });
  });

  it('fails over automatically across AZs', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      NumCacheClusters: 2,
    });
  });

  it('takes its AUTH token from a generated secret through a dynamic reference', () => {
    // THEN
    const [, group] = onlyResource(stack, 'AWS::ElastiCache::ReplicationGroup');
    expect(JSON.stringify(group.Properties.AuthToken)).toMatch(
      /^\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"CacheAuthToken\w+"\},":SecretString:::\}\}"\]\]\}$/,
    );
    stack.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('Redis AUTH token'),
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  it('gives the services a rediss:// URL to the primary endpoint', () => {
    // THEN
    const groupId = resourcesOfType(stack, 'AWS::ElastiCache::ReplicationGroup')[0]![0];
    const url = {
      'Fn::Join': [
        '',
        [
          'rediss://',
          { 'Fn::GetAtt': [groupId, 'PrimaryEndPoint.Address'] },
          ':',
          { 'Fn::GetAtt': [groupId, 'PrimaryEndPoint.Port'] },
        ],
      ],
    };
    stack.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'REDIS_URL', Value: url }]) })],
    });
  });

  it('rejects fewer than two nodes, which failover needs', () => {
    // GIVEN / WHEN / THEN
    expect(() => synth({ cacheNodeCount: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[Error: Cache: prop 'nodeCount' must be an integer from 2 to 6, got 1]`,
    );
  });
});
