import { describe, expect, it } from 'vitest';
import { parseDynamicReference, parseSecretValueFrom } from './dynamic-reference.ts';

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
