import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { onlyResource, synth, type Synthesized } from './fixtures.ts';

describe('Database', () => {
  let stack: Synthesized;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
  });

  it('runs PostgreSQL 16 Multi-AZ with encrypted storage, private, on 5432', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: Match.stringLikeRegexp('^16\\.'),
      MultiAZ: true,
      StorageEncrypted: true,
      PubliclyAccessible: false,
      Port: '5432',
    });
  });

  it('forces TLS through its parameter group', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres16',
      Parameters: { 'rds.force_ssl': '1' },
    });
  });

  it('keeps backups and is deletion protected by default', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::RDS::DBInstance', {
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
    });
    stack.template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
  });

  it('drops deletion protection when the prop says so', () => {
    // GIVEN / WHEN
    const ephemeral = synth({ deletionProtection: false, databaseBackupRetentionDays: 1 });
    // THEN
    ephemeral.template.hasResourceProperties('AWS::RDS::DBInstance', {
      DeletionProtection: false,
      BackupRetentionPeriod: 1,
    });
  });

  it('generates the master credentials into a secret attached to the instance', () => {
    // THEN
    stack.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: JSON.stringify({ username: 'cashflow_admin', dbname: 'postgres' }),
        GenerateStringKey: 'password',
      }),
    });
    stack.template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', {
      TargetType: 'AWS::RDS::DBInstance',
    });
  });

  it('keeps the credentials secret when the stack is deleted, as the final snapshot needs it', () => {
    // THEN
    stack.template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: Match.stringLikeRegexp('cashflow_admin') }),
      }),
    });
  });

  it('reads the master username and password only through dynamic references', () => {
    // THEN
    const [, instance] = onlyResource(stack, 'AWS::RDS::DBInstance');
    expect(JSON.stringify(instance.Properties.MasterUsername)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(instance.Properties.MasterUserPassword)).toContain('{{resolve:secretsmanager:');
  });
});
