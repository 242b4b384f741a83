import { awsErrorName } from '../../aws/index.ts';
import { CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { fetchSecretString } from '../../aws/read-secret.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { generateSecretString, type GenerateSecretStringSpec } from '../generate-secret-string.ts';
import { physicalName, stringProp, type ApiResourceHandler } from './api-resource-handler.ts';

/**
 * `AWS::SecretsManager::Secret` through CreateSecret. A secret found by name is reused with its
 * value unchanged (a redeploy must not rotate credentials the backing servers were given),
 * unless the template pins an explicit `SecretString` that differs.
 */
export const secretHandler: ApiResourceHandler = {
  type: 'AWS::SecretsManager::Secret',
  async ensure(context) {
    const { clients } = context;
    const name = stringProp(context, 'Name') ?? physicalName(context.stackName, context.logicalId, { maxLength: 256 });
    const explicit = stringProp(context, 'SecretString');
    const existing = await clients.secretsManager.send(new DescribeSecretCommand({ SecretId: name })).catch((error) => {
      if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
      throw error;
    });
    if (existing?.ARN && !existing.DeletedDate) {
      if (explicit !== undefined) {
        const current = await fetchSecretString(clients.secretsManager, { secretId: existing.ARN });
        if (current !== explicit) {
          await clients.secretsManager.send(
            new PutSecretValueCommand({ SecretId: existing.ARN, SecretString: explicit }),
          );
        }
      }
      return result(existing.ARN, name, true);
    }
    const generate = context.properties.GenerateSecretString as GenerateSecretStringSpec | undefined;
    const value = explicit ?? (generate ? generateSecretString(generate) : undefined);
    if (value === undefined)
      throw new HarnessError(
        'TEMPLATE_INVALID',
        `${context.logicalId}: a secret needs SecretString or GenerateSecretString`,
      );
    const tags = [
      { Key: 'harness:stack', Value: context.stackName },
      { Key: 'harness:logical-id', Value: context.logicalId },
    ];
    const created = await clients.secretsManager.send(
      new CreateSecretCommand({
        Name: name,
        Description: stringProp(context, 'Description'),
        SecretString: value,
        Tags: tags,
      }),
    );
    return result(created.ARN!, name, false);
  },
};

function result(arn: string, name: string, reused: boolean) {
  return {
    ref: arn,
    attributes: { Id: arn },
    physicalId: name,
    arn,
    reused,
    detail: reused ? `secretsmanager:DescribeSecret found ${name}; value kept` : `secretsmanager:CreateSecret ${name}`,
  };
}
