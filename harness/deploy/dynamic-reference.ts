import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { EmulatorClients } from './emulator-clients.ts';

/** A parsed `{{resolve:secretsmanager:...}}` or `{{resolve:ssm:...}}` reference. */
export type DynamicReference =
  | { service: 'secretsmanager'; secretId: string; jsonKey?: string; versionStage?: string; versionId?: string }
  | { service: 'ssm' | 'ssm-secure'; name: string; version?: string };

/** Splits an ARN-or-name followed by `:`-separated fields; an ARN keeps its own 7 colon-separated parts. */
function splitIdAndTail(text: string): [string, string[]] {
  const parts = text.split(':');
  const idLength = text.startsWith('arn:') ? 7 : 1;
  return [parts.slice(0, idLength).join(':'), parts.slice(idLength)];
}

/** Parses one dynamic reference; throws with the reference's service (never its value) when malformed. */
export function parseDynamicReference(reference: string): DynamicReference {
  const match = /^\{\{resolve:(secretsmanager|ssm|ssm-secure):(.+)\}\}$/.exec(reference);
  if (!match) throw new Error(`unsupported dynamic reference ${reference.slice(0, 40)}...`);
  const service = match[1] as DynamicReference['service'];
  const [id, tail] = splitIdAndTail(match[2]!);
  if (service === 'secretsmanager') {
    // Fields after the id: SecretString:json-key:version-stage:version-id, each optional.
    if (tail.length > 0 && tail[0] !== 'SecretString') {
      throw new Error(`dynamic reference to secret ${id}: only SecretString is supported, got ${tail[0]}`);
    }
    return {
      service,
      secretId: id,
      jsonKey: tail[1] || undefined,
      versionStage: tail[2] || undefined,
      versionId: tail[3] || undefined,
    };
  }
  return { service, name: id, version: tail[0] || undefined };
}

/**
 * Parses an ECS `secrets[].valueFrom` pointing at Secrets Manager
 * (`arn:...:secret:name-AbCdEf[:jsonKey[:versionStage[:versionId]]]`), which GetSecretValue
 * does not accept whole: the ECS agent strips the tail and picks the JSON key itself.
 */
export function parseSecretValueFrom(valueFrom: string): {
  secretId: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
} {
  const [secretId, tail] = splitIdAndTail(valueFrom);
  return {
    secretId,
    jsonKey: tail[0] || undefined,
    versionStage: tail[1] || undefined,
    versionId: tail[2] || undefined,
  };
}

/** Reads a secret (optionally one JSON key of it) the way CloudFormation and the ECS agent do. */
export async function readSecretValue(
  clients: EmulatorClients,
  reference: { secretId: string; jsonKey?: string; versionStage?: string; versionId?: string },
): Promise<string> {
  const answer = await clients.secretsManager.send(
    new GetSecretValueCommand({
      SecretId: reference.secretId,
      VersionStage: reference.versionStage,
      VersionId: reference.versionId,
    }),
  );
  const text = answer.SecretString;
  if (text === undefined) throw new Error(`secret ${reference.secretId} has no SecretString`);
  if (!reference.jsonKey) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`secret ${reference.secretId} is not JSON, so it has no key ${reference.jsonKey}`);
  }
  const value = (parsed as Record<string, unknown>)[reference.jsonKey];
  if (value === undefined) throw new Error(`secret ${reference.secretId} has no key ${reference.jsonKey}`);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Resolves one dynamic reference against the emulator. */
export async function resolveDynamicReference(clients: EmulatorClients, reference: string): Promise<string> {
  const parsed = parseDynamicReference(reference);
  if (parsed.service === 'secretsmanager') return readSecretValue(clients, parsed);
  const name = parsed.version ? `${parsed.name}:${parsed.version}` : parsed.name;
  const answer = await clients.ssm.send(
    new GetParameterCommand({ Name: name, WithDecryption: parsed.service === 'ssm-secure' }),
  );
  const value = answer.Parameter?.Value;
  if (value === undefined) throw new Error(`SSM parameter ${parsed.name} has no value`);
  return value;
}
