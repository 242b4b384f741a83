import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { EmulatorClients } from '../../aws/emulator-clients.ts';
import { awsErrorName, fetchSecretString, readParameters, secretJsonKey } from '../../aws/read-secret.ts';
import { parseEcsSecretReference, type SecretsManagerReference } from '../../aws/secret-reference.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { secretsManagerFailure, ssmFailure, TaskStartError } from './task-start-error.ts';

/** The clients the ECS agent uses to pull secrets (any emulator-pointed pair will do). */
export type SecretClients = Pick<EmulatorClients, 'secretsManager' | 'ssm'>;

/** The parts of an ECS container definition that make up its environment. */
export interface ContainerEnvironmentSource {
  readonly name?: string;
  readonly environment?: ReadonlyArray<{ readonly name?: string; readonly value?: string }>;
  readonly secrets?: ReadonlyArray<{ readonly name?: string; readonly valueFrom?: string }>;
}

/** A container's effective environment at task start. */
export interface ResolvedContainerEnvironment {
  readonly environment: Record<string, string>;
  /** Names whose values came from Secrets Manager or SSM (so callers can keep them out of logs). */
  readonly secretNames: readonly string[];
}

/**
 * Builds a container's environment the way ECS does at task start: `environment` as given,
 * then every `secrets[].valueFrom` pulled from Secrets Manager (JSON key, version stage and
 * version id honoured) or SSM Parameter Store (decrypted). Any secret that cannot be pulled
 * fails the whole start, as on ECS.
 * @throws TaskStartError `ECS_DUPLICATE_VARIABLE` (ECS would not have registered the task
 *   definition) or `ECS_RESOURCE_INITIALIZATION` (ECS would stop the task).
 */
export async function resolveContainerEnvironment(
  container: ContainerEnvironmentSource,
  clients: SecretClients,
): Promise<ResolvedContainerEnvironment> {
  const environment: Record<string, string> = {};
  for (const { name, value } of container.environment ?? []) {
    if (name !== undefined) environment[name] = value ?? '';
  }
  const secrets = (container.secrets ?? []).map(({ name, valueFrom }) => {
    if (name === undefined || valueFrom === undefined) {
      throw new TaskStartError(
        'ECS_TASK_DEFINITION_INVALID',
        `ClientException: Container.secrets in container ${container.name ?? '(unnamed)'} needs both name and valueFrom.`,
      );
    }
    if (name in environment) {
      throw new TaskStartError(
        'ECS_DUPLICATE_VARIABLE',
        `ClientException: The secret name must be unique and not shared with any new or existing environment variables set on the container, such as '${name}'.`,
      );
    }
    return { name, reference: parseEcsSecretReference(valueFrom) };
  });
  const ssmNames = secrets.flatMap(({ reference }) => (reference.service === 'secretsmanager' ? [] : [reference.name]));
  const ssmValues = await fetchParameters(ssmNames, clients);
  const secretCache = new Map<string, Promise<string>>();
  for (const { name, reference } of secrets) {
    environment[name] =
      reference.service === 'secretsmanager'
        ? await secretValue(reference, clients.secretsManager, secretCache)
        : ssmValues.get(reference.name)!;
  }
  return { environment, secretNames: secrets.map((s) => s.name) };
}

async function fetchParameters(names: string[], clients: SecretClients): Promise<ReadonlyMap<string, string>> {
  let found;
  try {
    found = await readParameters(clients.ssm, names);
  } catch (error) {
    const cause = error instanceof HarnessError ? error.cause : error;
    throw ssmFailure(`${awsErrorName(cause)}: ${(cause as Error).message}`, { cause });
  }
  if (found.invalid.length > 0) throw ssmFailure(`invalid ssm parameters: ${found.invalid.join(' ')}`);
  return found.values;
}

/** One secret's value, each secret version fetched once per start; failures worded as the ECS agent words them. */
async function secretValue(
  reference: SecretsManagerReference,
  client: SecretsManagerClient,
  cache: Map<string, Promise<string>>,
): Promise<string> {
  const { secretId, versionStage, versionId, jsonKey } = reference;
  const cacheKey = JSON.stringify([secretId, versionStage, versionId]);
  let pending = cache.get(cacheKey);
  if (pending === undefined) {
    pending = fetchSecretString(client, { secretId, versionStage, versionId });
    cache.set(cacheKey, pending);
  }
  try {
    const text = await pending;
    return jsonKey === undefined ? text : secretJsonKey(text, secretId, jsonKey);
  } catch (error) {
    throw asSecretsManagerFailure(error, reference);
  }
}

function asSecretsManagerFailure(error: unknown, { secretId, jsonKey }: SecretsManagerReference): unknown {
  if (!(error instanceof HarnessError)) return error;
  switch (error.code) {
    case 'SECRET_NOT_FOUND':
    case 'SECRET_UNREADABLE': {
      const cause = error.cause as Error;
      return secretsManagerFailure(
        `failed to fetch secret ${secretId} from secrets manager: ${awsErrorName(cause)}: ${cause.message}`,
        { cause },
      );
    }
    case 'SECRET_NOT_STRING':
      return secretsManagerFailure(
        `secret ${secretId} has no SecretString (binary secrets cannot be environment variables)`,
      );
    case 'SECRET_NOT_JSON':
      return secretsManagerFailure(
        `retrieved secret ${secretId} from Secrets Manager is not a JSON object, so it has no json key ${jsonKey}`,
      );
    case 'SECRET_KEY_MISSING':
      return secretsManagerFailure(`retrieved secret from Secrets Manager did not contain json key ${jsonKey}`);
    default:
      return error;
  }
}
