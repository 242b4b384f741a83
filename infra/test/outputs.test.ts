import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../lib/stack-outputs.ts';
import { logicalIdOf, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

describe('stack outputs', () => {
  let stack: Synthesized;
  let outputs: Record<string, { Value: unknown }>;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
    outputs = stack.json.Outputs as Record<string, { Value: unknown }>;
  });

  it('exposes every documented output under its stable name', () => {
    // THEN
    expect(Object.keys(outputs).sort()).toEqual(Object.values(STACK_OUTPUTS).sort());
  });

  it('names the task definition families the harness looks up', () => {
    // THEN
    expect(outputs.AuthTaskDefinitionFamily!.Value).toBe('cashflow-test-auth');
    expect(outputs.CashflowTaskDefinitionFamily!.Value).toBe('cashflow-test-cashflow');
    expect(outputs.ConsolidatedTaskDefinitionFamily!.Value).toBe('cashflow-test-consolidated');
  });

  it('points the secret outputs at the secrets the tasks use', () => {
    // THEN
    expect(outputs.DbSecretArn!.Value).toEqual({
      Ref: logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'cashflow_admin'),
    });
    expect(outputs.MqSecretArn!.Value).toEqual({ Ref: logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'Amazon MQ') });
    expect(outputs.RedisAuthTokenSecretArn!.Value).toEqual({
      Ref: logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'Redis AUTH'),
    });
    expect(outputs.JwtSigningKeySecretArn!.Value).toEqual({
      Ref: logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'HS256'),
    });
  });

  it('gives the endpoints of RDS, Redis, the ALB and CloudFront', () => {
    // THEN
    const db = resourcesOfType(stack, 'AWS::RDS::DBInstance')[0]![0];
    const redis = resourcesOfType(stack, 'AWS::ElastiCache::ReplicationGroup')[0]![0];
    const alb = resourcesOfType(stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0]![0];
    const cdn = resourcesOfType(stack, 'AWS::CloudFront::Distribution')[0]![0];
    expect(outputs.DbEndpointAddress!.Value).toEqual({ 'Fn::GetAtt': [db, 'Endpoint.Address'] });
    expect(outputs.DbEndpointPort!.Value).toEqual({ 'Fn::GetAtt': [db, 'Endpoint.Port'] });
    expect(outputs.RedisPrimaryEndpointAddress!.Value).toEqual({ 'Fn::GetAtt': [redis, 'PrimaryEndPoint.Address'] });
    expect(outputs.RedisPrimaryEndpointPort!.Value).toEqual({ 'Fn::GetAtt': [redis, 'PrimaryEndPoint.Port'] });
    expect(outputs.AlbDnsName!.Value).toEqual({ 'Fn::GetAtt': [alb, 'DNSName'] });
    expect(outputs.CloudFrontDomainName!.Value).toEqual({ 'Fn::GetAtt': [cdn, 'DomainName'] });
    expect(outputs.ParameterPrefix!.Value).toBe('/cashflow/test');
  });
});
