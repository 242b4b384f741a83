import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { PARAMETER_NAMES } from '../lib/app-config.ts';
import { resourcesOfType, synth, type Synthesized } from './fixtures.ts';

describe('AppConfig', () => {
  let stack: Synthesized;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth({ jwtIssuer: 'issuer-x', amqpQueueType: 'classic' });
  });

  it('keeps each non-secret setting in an SSM parameter named /cashflow/<env>/<VARIABLE>', () => {
    // THEN
    const names = resourcesOfType(stack, 'AWS::SSM::Parameter').map(([, p]) => p.Properties.Name);
    expect(names.sort()).toEqual(PARAMETER_NAMES.map((n) => `/cashflow/test/${n}`).sort());
  });

  it('stores the prop values, with the documented defaults elsewhere', () => {
    // THEN
    const values = Object.fromEntries(
      resourcesOfType(stack, 'AWS::SSM::Parameter').map(([, p]) => [p.Properties.Name, p.Properties.Value]),
    );
    expect(values).toEqual({
      '/cashflow/test/JWT_KEY_ID': 'k1',
      '/cashflow/test/JWT_ISSUER': 'issuer-x',
      '/cashflow/test/JWT_AUDIENCE': 'cashflow',
      '/cashflow/test/LOG_LEVEL': 'info',
      '/cashflow/test/BUS_NAMESPACE': 'Cashflow.Contracts',
      '/cashflow/test/AMQP_QUEUE_TYPE': 'classic',
    });
  });

  it('generates the JWT signing key (>= 32 characters) into Secrets Manager', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('HS256'),
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  it('creates no seeded-user secret unless demoUsername is set', () => {
    // GIVEN / WHEN
    const plain = synth({ demoUsername: undefined });
    // THEN
    plain.template.resourceCountIs('AWS::SecretsManager::Secret', 4);
    const auth = resourcesOfType(plain, 'AWS::ECS::TaskDefinition').find(([, t]) =>
      String(t.Properties.Family).endsWith('-auth'),
    )!;
    expect(JSON.stringify(auth[1].Properties)).not.toContain('DEMO_');
  });

  it('rejects an unknown log level naming the prop', () => {
    // GIVEN / WHEN / THEN
    expect(() => synth({ logLevel: 'verbose' })).toThrowErrorMatchingInlineSnapshot(
      `[Error: AppConfig: prop 'logLevel' must be one of fatal, error, warn, info, debug, trace, silent, got 'verbose']`,
    );
  });
});
