import { describe, expect, it } from 'vitest';
import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { KnownValues } from './known-values.ts';
import { ValueResolver } from './value-resolver.ts';

const facts = { stackName: 'S', region: 'us-east-1', accountId: '123456789012', availabilityZones: ['us-east-1a'] };
// Values without a {{resolve:...}} never reach the emulator, so no client is needed here.
const noClients = {} as EmulatorClients;

describe('ValueResolver', () => {
  const template = { Resources: { Secret: { Type: 'AWS::SecretsManager::Secret' }, Vpc: { Type: 'AWS::EC2::VPC' } } };
  const known = new KnownValues(template, facts);
  known.setRef('Secret', 'api', 'arn:secret');
  known.setRef('Vpc', 'cloudformation', 'vpc-1');
  const resolver = new ValueResolver(noClients, known);
  const value = { A: { Ref: 'Secret' }, B: { Ref: 'Vpc' }, C: { Ref: 'AWS::Region' } };

  it('substitutes every known value in the full scope', async () => {
    expect(await resolver.resolve(value, 'full')).toEqual({ A: 'arn:secret', B: 'vpc-1', C: 'us-east-1' });
  });

  it('leaves to the emulator what its CloudFormation knows itself', async () => {
    expect(await resolver.resolve(value, 'emulator')).toEqual({
      A: 'arn:secret',
      B: { Ref: 'Vpc' },
      C: { Ref: 'AWS::Region' },
    });
  });
});
