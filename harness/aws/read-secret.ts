import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { HarnessError } from '../core/harness-error.ts';
import { parseDynamicReference, type ParameterReference, type SecretLocation } from './secret-reference.ts';

/** The SDK error's name (`ResourceNotFoundException` ...), which callers put in their messages. */
export function awsErrorName(error: unknown): string {
  return (error as { name?: string } | undefined)?.name ?? 'Error';
}

function awsErrorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A secret's SecretString at a stage or a version; AWSCURRENT when the location names neither, as
 * ECS and CloudFormation ask.
 * @throws HarnessError `SECRET_NOT_FOUND` (no such secret or version), `SECRET_UNREADABLE` (any
 *   other failed call; the SDK error is the cause) or `SECRET_NOT_STRING` (a binary secret)
 */
export async function fetchSecretString(
  client: SecretsManagerClient,
  location: Omit<SecretLocation, 'jsonKey'>,
): Promise<string> {
  const { secretId, versionStage, versionId } = location;
  let answer;
  try {
    answer = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        VersionStage: versionStage ?? (versionId === undefined ? 'AWSCURRENT' : undefined),
        VersionId: versionId,
      }),
    );
  } catch (error) {
    const name = awsErrorName(error);
    throw new HarnessError(
      name === 'ResourceNotFoundException' ? 'SECRET_NOT_FOUND' : 'SECRET_UNREADABLE',
      `secret ${secretId} could not be read: ${name}: ${awsErrorMessage(error)}`,
      { cause: error },
    );
  }
  if (answer.SecretString === undefined) {
    throw new HarnessError('SECRET_NOT_STRING', `secret ${secretId} has no SecretString`);
  }
  return answer.SecretString;
}

/**
 * One key of a secret's JSON text, as a string (other JSON values are serialised, as ECS does).
 * @throws HarnessError `SECRET_NOT_JSON` or `SECRET_KEY_MISSING` (a null value counts as missing)
 */
export function secretJsonKey(text: string, secretId: string, jsonKey: string): string {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new HarnessError('SECRET_NOT_JSON', `secret ${secretId} is not JSON, so it has no key ${jsonKey}`);
  }
  const value = (document as Record<string, unknown> | null)?.[jsonKey];
  if (value === undefined || value === null) {
    throw new HarnessError('SECRET_KEY_MISSING', `secret ${secretId} has no key ${jsonKey}`);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Reads a secret (optionally one JSON key of it) the way CloudFormation and the ECS agent do.
 * @throws HarnessError see {@link fetchSecretString} and {@link secretJsonKey}
 */
export async function readSecretValue(
  clients: { readonly secretsManager: SecretsManagerClient },
  location: SecretLocation,
): Promise<string> {
  const text = await fetchSecretString(clients.secretsManager, location);
  return location.jsonKey === undefined ? text : secretJsonKey(text, location.secretId, location.jsonKey);
}

/**
 * One SSM parameter, decrypted when the reference is `ssm-secure`.
 * @throws HarnessError `PARAMETER_NOT_FOUND` or `PARAMETER_UNREADABLE` (the SDK error is the cause)
 */
export async function readParameter(ssm: SSMClient, reference: ParameterReference): Promise<string> {
  const name = reference.version ? `${reference.name}:${reference.version}` : reference.name;
  let answer;
  try {
    answer = await ssm.send(
      new GetParameterCommand({ Name: name, WithDecryption: reference.service === 'ssm-secure' }),
    );
  } catch (error) {
    const errorName = awsErrorName(error);
    throw new HarnessError(
      errorName === 'ParameterNotFound' || errorName === 'ParameterVersionNotFound'
        ? 'PARAMETER_NOT_FOUND'
        : 'PARAMETER_UNREADABLE',
      `SSM parameter ${reference.name} could not be read: ${errorName}: ${awsErrorMessage(error)}`,
      { cause: error },
    );
  }
  const value = answer.Parameter?.Value;
  if (value === undefined)
    throw new HarnessError('PARAMETER_NOT_FOUND', `SSM parameter ${reference.name} has no value`);
  return value;
}

/** What {@link readParameters} found. */
export interface ParameterValues {
  readonly values: ReadonlyMap<string, string>;
  /** The names SSM did not return, in the order asked. */
  readonly invalid: readonly string[];
}

/**
 * Reads SSM parameters by name, decrypted, ten names per call as GetParameters allows. Names SSM
 * does not know come back in `invalid` rather than failing, so callers word that failure themselves.
 * @throws HarnessError `PARAMETER_UNREADABLE` when a call fails (the SDK error is the cause)
 */
export async function readParameters(ssm: SSMClient, names: readonly string[]): Promise<ParameterValues> {
  const values = new Map<string, string>();
  const unique = [...new Set(names)];
  for (let i = 0; i < unique.length; i += 10) {
    const batch = unique.slice(i, i + 10);
    let answer;
    try {
      answer = await ssm.send(new GetParametersCommand({ Names: batch, WithDecryption: true }));
    } catch (error) {
      throw new HarnessError(
        'PARAMETER_UNREADABLE',
        `SSM parameters could not be read: ${awsErrorName(error)}: ${awsErrorMessage(error)}`,
        { cause: error },
      );
    }
    for (const parameter of answer.Parameters ?? []) {
      if (parameter.Name !== undefined && parameter.Value !== undefined) values.set(parameter.Name, parameter.Value);
    }
  }
  return { values, invalid: unique.filter((name) => !values.has(name)) };
}

/**
 * Resolves one CloudFormation dynamic reference against the emulator.
 * @throws HarnessError see {@link parseDynamicReference}, {@link readSecretValue}, {@link readParameter}
 */
export async function resolveDynamicReference(
  clients: { readonly secretsManager: SecretsManagerClient; readonly ssm: SSMClient },
  reference: string,
): Promise<string> {
  const parsed = parseDynamicReference(reference);
  return parsed.service === 'secretsmanager' ? readSecretValue(clients, parsed) : readParameter(clients.ssm, parsed);
}
