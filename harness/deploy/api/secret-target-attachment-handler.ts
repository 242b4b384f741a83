import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { fetchSecretString } from '../../aws/read-secret.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/**
 * `AWS::SecretsManager::SecretTargetAttachment`: adds the instance's `engine`, `host`, `port` and
 * `dbInstanceIdentifier` to the secret's JSON, as CloudFormation does, read from the emulated RDS.
 */
export const secretTargetAttachmentHandler: ApiResourceHandler = {
  type: 'AWS::SecretsManager::SecretTargetAttachment',
  async ensure(context) {
    const { clients } = context;
    const secretId = stringProp(context, 'SecretId');
    const targetId = stringProp(context, 'TargetId');
    const targetType = stringProp(context, 'TargetType');
    if (!secretId || !targetId)
      throw new HarnessError('TEMPLATE_INVALID', `${context.logicalId}: SecretId and TargetId are required`);
    if (targetType !== 'AWS::RDS::DBInstance') {
      throw new HarnessError(
        'TEMPLATE_UNSUPPORTED',
        `${context.logicalId}: TargetType ${String(targetType)} is not supported (only AWS::RDS::DBInstance)`,
      );
    }
    const described = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: targetId }));
    const instance = described.DBInstances?.[0];
    if (!instance?.Endpoint?.Address)
      throw new HarnessError(
        'EMULATOR_ANSWER_INVALID',
        `${context.logicalId}: RDS instance ${targetId} has no endpoint`,
      );
    const current = await fetchSecretString(clients.secretsManager, { secretId });
    const value = JSON.parse(current) as Record<string, unknown>;
    const attached = {
      ...value,
      engine: instance.Engine,
      host: instance.Endpoint.Address,
      port: instance.Endpoint.Port,
      dbInstanceIdentifier: instance.DBInstanceIdentifier,
    };
    const changed = JSON.stringify(attached) !== JSON.stringify(value);
    if (changed) {
      await clients.secretsManager.send(
        new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(attached) }),
      );
    }
    return {
      ref: secretId,
      attributes: {},
      physicalId: secretId,
      arn: secretId,
      reused: !changed,
      detail: `secretsmanager:PutSecretValue added host/port/engine of RDS ${targetId}${changed ? '' : ' (already there)'}`,
    };
  },
};
