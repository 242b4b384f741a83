import { describe, expect, it } from 'vitest';
import { HarnessError } from '../core/harness-error.ts';
import { parseDynamicReference, parseEcsSecretReference, parseSecretValueFrom } from './secret-reference.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

describe('parseDynamicReference', () => {
  it('keeps a full secret ARN whole and reads the JSON key after it', () => {
    expect(parseDynamicReference(`{{resolve:secretsmanager:${ARN}:SecretString:password::}}`)).toEqual({
      service: 'secretsmanager',
      secretId: ARN,
      jsonKey: 'password',
      versionStage: undefined,
      versionId: undefined,
    });
  });

  it('reads a secret name with stage', () => {
    expect(parseDynamicReference('{{resolve:secretsmanager:db:SecretString:username:AWSCURRENT}}')).toMatchObject({
      secretId: 'db',
      jsonKey: 'username',
      versionStage: 'AWSCURRENT',
    });
  });

  it('reads a whole secret when no field follows', () => {
    expect(parseDynamicReference(`{{resolve:secretsmanager:${ARN}}}`)).toMatchObject({
      secretId: ARN,
      jsonKey: undefined,
    });
  });

  it('reads an SSM parameter with a version', () => {
    expect(parseDynamicReference('{{resolve:ssm:/app/key:3}}')).toEqual({
      service: 'ssm',
      name: '/app/key',
      version: '3',
    });
  });

  it('rejects other services', () => {
    expect(() => parseDynamicReference('{{resolve:vault:x}}')).toThrow(/unsupported dynamic reference/);
    expect(() => parseDynamicReference('{{resolve:vault:x}}')).toThrow(
      expect.objectContaining({ code: 'SECRET_REFERENCE_INVALID' }) as HarnessError,
    );
  });
});

describe('parseSecretValueFrom', () => {
  it('splits the ECS form arn:...:jsonKey:stage:version', () => {
    expect(parseSecretValueFrom(`${ARN}:password::`)).toEqual({
      secretId: ARN,
      jsonKey: 'password',
      versionStage: undefined,
      versionId: undefined,
    });
  });
});

describe('parseEcsSecretReference', () => {
  it('reads a Secrets Manager ARN with JSON key, stage and version id', () => {
    expect(parseEcsSecretReference(`${ARN}:password:AWSPENDING:v-1`)).toEqual({
      service: 'secretsmanager',
      secretId: ARN,
      jsonKey: 'password',
      versionStage: 'AWSPENDING',
      versionId: 'v-1',
    });
  });

  it("reduces an SSM parameter ARN to its name, keeping a path name's leading slash", () => {
    expect(parseEcsSecretReference('arn:aws:ssm:us-east-1:123456789012:parameter/cashflow/jwt/issuer')).toEqual({
      service: 'ssm',
      name: '/cashflow/jwt/issuer',
    });
    expect(parseEcsSecretReference('arn:aws:ssm:us-east-1:123456789012:parameter/jwt-key-id')).toEqual({
      service: 'ssm',
      name: 'jwt-key-id',
    });
  });

  it('takes anything else for an SSM parameter name, as ECS does', () => {
    expect(parseEcsSecretReference('/cashflow/jwt/issuer')).toEqual({ service: 'ssm', name: '/cashflow/jwt/issuer' });
  });
});
