import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parseEcsSecretReference, type EcsSecretReference } from './ecs-secret-reference.ts';
import { secretsManagerFailure, ssmFailure, TaskStartError } from './task-start-error.ts';

/** The clients the ECS agent uses to pull secrets (any emulator-pointed pair will do). */
export interface SecretClients {
  readonly secretsManager: SecretsManagerClient;
  readonly ssm: SSMClient;
}

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
  const ssmNames = secrets.flatMap(({ reference }) => (reference.kind === 'ssm' ? [reference.name] : []));
  const ssmValues = await fetchParameters([...new Set(ssmNames)], clients.ssm);
  const secretCache = new Map<string, Promise<string>>();
  for (const { name, reference } of secrets) {
    environment[name] =
      reference.kind === 'ssm'
        ? ssmValues.get(reference.name)!
        : await secretValue(reference, clients.secretsManager, secretCache);
  }
  return { environment, secretNames: secrets.map((s) => s.name) };
}

async function fetchParameters(names: string[], ssm: SSMClient): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  // GetParameters takes at most 10 names per call.
  for (let i = 0; i < names.length; i += 10) {
    const batch = names.slice(i, i + 10);
    let result;
    try {
      result = await ssm.send(new GetParametersCommand({ Names: batch, WithDecryption: true }));
    } catch (error) {
      throw ssmFailure(`${errorName(error)}: ${(error as Error).message}`, { cause: error });
    }
    for (const parameter of result.Parameters ?? []) {
      if (parameter.Name !== undefined && parameter.Value !== undefined) values.set(parameter.Name, parameter.Value);
    }
    const missing = batch.filter((name) => !values.has(name));
    if (missing.length > 0) throw ssmFailure(`invalid ssm parameters: ${missing.join(' ')}`);
  }
  return values;
}

async function secretValue(
  reference: Extract<EcsSecretReference, { kind: 'secretsmanager' }>,
  client: SecretsManagerClient,
  cache: Map<string, Promise<string>>,
): Promise<string> {
  const { secretId, versionStage, versionId, jsonKey } = reference;
  const cacheKey = JSON.stringify([secretId, versionStage, versionId]);
  let pending = cache.get(cacheKey);
  if (pending === undefined) {
    pending = fetchSecretString(client, secretId, versionStage, versionId);
    cache.set(cacheKey, pending);
  }
  const text = await pending;
  if (jsonKey === undefined) return text;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw secretsManagerFailure(
      `retrieved secret ${secretId} from Secrets Manager is not a JSON object, so it has no json key ${jsonKey}`,
    );
  }
  const value = (document as Record<string, unknown> | null)?.[jsonKey];
  if (value === undefined || value === null) {
    throw secretsManagerFailure(`retrieved secret from Secrets Manager did not contain json key ${jsonKey}`);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function fetchSecretString(
  client: SecretsManagerClient,
  secretId: string,
  versionStage: string | undefined,
  versionId: string | undefined,
): Promise<string> {
  let result;
  try {
    result = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        // ECS asks for AWSCURRENT unless the reference names a stage or a version.
        VersionStage: versionStage ?? (versionId === undefined ? 'AWSCURRENT' : undefined),
        VersionId: versionId,
      }),
    );
  } catch (error) {
    throw secretsManagerFailure(
      `failed to fetch secret ${secretId} from secrets manager: ${errorName(error)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (result.SecretString === undefined) {
    throw secretsManagerFailure(
      `secret ${secretId} has no SecretString (binary secrets cannot be environment variables)`,
    );
  }
  return result.SecretString;
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? 'Error';
}
