import { describe, expect, it } from 'vitest';
import { propsFromContext } from '../lib/props-from-context.ts';

const reader = (context: Record<string, unknown>) => (key: string) => context[key];
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';

describe('propsFromContext', () => {
  it('parses -c strings into typed props', () => {
    // GIVEN
    const context = {
      account: '123456789012',
      region: 'eu-west-1',
      certificateArn: CERT,
      availabilityZones: 'eu-west-1a, eu-west-1c',
      serviceMaxCapacity: '10',
      deletionProtection: 'false',
    };
    // WHEN
    const props = propsFromContext(reader(context), {});
    // THEN
    expect(props).toEqual({
      account: '123456789012',
      region: 'eu-west-1',
      certificateArn: CERT,
      availabilityZones: ['eu-west-1a', 'eu-west-1c'],
      serviceMaxCapacity: 10,
      deletionProtection: false,
    });
  });

  it('falls back to the CLI environment for account, region and image tag', () => {
    // GIVEN
    const env = { CDK_DEFAULT_ACCOUNT: '210987654321', CDK_DEFAULT_REGION: 'us-east-1', IMAGE_TAG: 'a1b2c3' };
    // WHEN
    const props = propsFromContext(reader({ certificateArn: CERT }), env);
    // THEN
    expect(props).toMatchObject({ account: '210987654321', region: 'us-east-1', imageTag: 'a1b2c3' });
  });

  it.each([
    [{ region: 'eu-west-1', certificateArn: CERT }, `context 'account' (or CDK_DEFAULT_ACCOUNT) is required`],
    [{ account: '123456789012', region: 'eu-west-1' }, `context 'certificateArn' is required`],
    [
      { account: '123456789012', region: 'eu-west-1', certificateArn: CERT, natGateways: 'two' },
      `context 'natGateways' must be a number, got 'two'`,
    ],
    [
      { account: '123456789012', region: 'eu-west-1', certificateArn: CERT, accessLogs: 'yes' },
      `context 'accessLogs' must be true or false, got 'yes'`,
    ],
  ])('rejects %j naming the key', (context, message) => {
    // GIVEN / WHEN / THEN
    expect(() => propsFromContext(reader(context), {})).toThrow(message);
  });
});
