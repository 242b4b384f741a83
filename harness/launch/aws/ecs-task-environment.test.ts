import { ECSClient, DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveContainerEnvironment, type SecretClients } from './ecs-task-environment.ts';
import { startMotoTestServer, type MotoTestServer } from '../../test-support/moto-test-server.ts';
import { TaskStartError } from './task-start-error.ts';

let moto: MotoTestServer;
let clients: SecretClients;
let ecs: ECSClient;
let dbSecretArn: string;
let tokenSecretArn: string;

beforeAll(async () => {
  moto = await startMotoTestServer();
  clients = { secretsManager: new SecretsManagerClient(moto.clientConfig), ssm: new SSMClient(moto.clientConfig) };
  ecs = new ECSClient(moto.clientConfig);
  const db = await clients.secretsManager.send(
    new CreateSecretCommand({
      Name: 'cashflow/db',
      SecretString: JSON.stringify({ username: 'cashflow', password: 'first-password', port: 5432 }),
    }),
  );
  dbSecretArn = db.ARN!;
  await clients.secretsManager.send(
    new PutSecretValueCommand({
      SecretId: dbSecretArn,
      SecretString: JSON.stringify({ username: 'cashflow', password: 'staged-password' }),
      VersionStages: ['AWSPENDING'],
    }),
  );
  const token = await clients.secretsManager.send(
    new CreateSecretCommand({ Name: 'cashflow/redis-token', SecretString: 'plain-token-value' }),
  );
  tokenSecretArn = token.ARN!;
  await clients.ssm.send(
    new PutParameterCommand({ Name: '/cashflow/jwt/issuer', Value: 'cashflow-auth', Type: 'String' }),
  );
  await clients.ssm.send(new PutParameterCommand({ Name: 'jwt-key-id', Value: 'key-1', Type: 'SecureString' }));
}, 60_000);

afterAll(async () => {
  clients?.secretsManager.destroy();
  clients?.ssm.destroy();
  ecs?.destroy();
  await moto?.[Symbol.asyncDispose]();
});

/** Registers a task definition in moto and reads its container back, as the launcher does. */
async function roundTrip(
  family: string,
  container: { environment?: { name: string; value: string }[]; secrets?: { name: string; valueFrom: string }[] },
) {
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: 'app', image: 'cashflow:latest', memory: 512, ...container }],
    }),
  );
  const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
  return described.taskDefinition!.containerDefinitions![0]!;
}

async function startError(promise: Promise<unknown>): Promise<TaskStartError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TaskStartError)) throw new Error(`expected a TaskStartError, got ${String(error)}`);
  return error;
}

describe('resolveContainerEnvironment against moto', () => {
  test('resolves JSON keys, version stages, plain secrets, SSM names and SSM ARNs', async () => {
    const container = await roundTrip('resolve-all', {
      environment: [{ name: 'DB_HOST', value: 'db.example.internal' }],
      secrets: [
        { name: 'DB_USERNAME', valueFrom: `${dbSecretArn}:username::` },
        { name: 'DB_PASSWORD', valueFrom: `${dbSecretArn}:password::` },
        { name: 'DB_PORT', valueFrom: `${dbSecretArn}:port::` },
        { name: 'PENDING_PASSWORD', valueFrom: `${dbSecretArn}:password:AWSPENDING:` },
        { name: 'REDIS_AUTH_TOKEN', valueFrom: tokenSecretArn },
        { name: 'JWT_ISSUER', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/cashflow/jwt/issuer' },
        { name: 'JWT_KEY_ID', valueFrom: 'jwt-key-id' },
      ],
    });
    const resolved = await resolveContainerEnvironment(container, clients);
    expect(resolved.environment).toEqual({
      DB_HOST: 'db.example.internal',
      DB_USERNAME: 'cashflow',
      DB_PASSWORD: 'first-password',
      DB_PORT: '5432',
      PENDING_PASSWORD: 'staged-password',
      REDIS_AUTH_TOKEN: 'plain-token-value',
      JWT_ISSUER: 'cashflow-auth',
      JWT_KEY_ID: 'key-1',
    });
    expect(resolved.secretNames).toHaveLength(7);
  });

  test('a secret pinned to a version id gets that version', async () => {
    const created = await clients.secretsManager.send(
      new CreateSecretCommand({ Name: 'pinned', SecretString: '{"k":"v1"}' }),
    );
    await clients.secretsManager.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: '{"k":"v2"}' }));
    const container = await roundTrip('pinned', {
      secrets: [
        { name: 'OLD', valueFrom: `${created.ARN}:k::${created.VersionId}` },
        { name: 'NEW', valueFrom: `${created.ARN}:k::` },
      ],
    });
    expect((await resolveContainerEnvironment(container, clients)).environment).toEqual({ OLD: 'v1', NEW: 'v2' });
  });

  test('a deleted secret fails the start with the ECS agent wording and no secret value', async () => {
    const created = await clients.secretsManager.send(
      new CreateSecretCommand({ Name: 'to-delete', SecretString: '{"password":"do-not-print"}' }),
    );
    const container = await roundTrip('deleted-secret', {
      secrets: [{ name: 'DB_PASSWORD', valueFrom: `${created.ARN}:password::` }],
    });
    await clients.secretsManager.send(
      new DeleteSecretCommand({ SecretId: created.ARN, ForceDeleteWithoutRecovery: true }),
    );
    const error = await startError(resolveContainerEnvironment(container, clients));
    expect(error.code).toBe('ECS_RESOURCE_INITIALIZATION');
    expect(error.message).toMatch(
      /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time\(s\): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:to-delete-\w+ from secrets manager: ResourceNotFoundException: /,
    );
    expect(error.message).not.toContain('do-not-print');
  });

  test('a missing JSON key fails the start', async () => {
    const container = await roundTrip('missing-key', { secrets: [{ name: 'X', valueFrom: `${dbSecretArn}:nokey::` }] });
    const error = await startError(resolveContainerEnvironment(container, clients));
    expect(error.message).toMatchInlineSnapshot(
      `"ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key nokey"`,
    );
  });

  test('missing SSM parameters are named in the failure', async () => {
    const container = await roundTrip('missing-ssm', {
      secrets: [
        { name: 'A', valueFrom: '/cashflow/jwt/issuer' },
        { name: 'B', valueFrom: '/cashflow/not-there' },
      ],
    });
    const error = await startError(resolveContainerEnvironment(container, clients));
    expect(error.code).toBe('ECS_RESOURCE_INITIALIZATION');
    expect(error.message).toMatchInlineSnapshot(
      `"ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /cashflow/not-there"`,
    );
  });

  test('a name in both environment and secrets is refused before anything is fetched', async () => {
    const container = await roundTrip('duplicate', {
      environment: [{ name: 'DB_PASSWORD', value: 'plain' }],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: `${dbSecretArn}:password::` }],
    });
    const error = await startError(resolveContainerEnvironment(container, clients));
    expect(error.code).toBe('ECS_DUPLICATE_VARIABLE');
    expect(error.message).toMatchInlineSnapshot(
      `"ClientException: The secret name must be unique and not shared with any new or existing environment variables set on the container, such as 'DB_PASSWORD'."`,
    );
  });
});
