import { HarnessError } from '../core/harness-error.ts';

/** Where a Secrets Manager value is: a secret (ARN or name), optionally one JSON key of it, at a stage or version. */
export interface SecretsManagerReference {
  readonly service: 'secretsmanager';
  /** The secret's ARN or name, without any tail (what GetSecretValue accepts). */
  readonly secretId: string;
  readonly jsonKey?: string;
  readonly versionStage?: string;
  readonly versionId?: string;
}

/**
 * An SSM parameter. `ssm-secure` is CloudFormation's `{{resolve:ssm-secure:...}}`, a SecureString read
 * with decryption; ECS reads every parameter it is given with decryption, so its references say `ssm`.
 */
export interface ParameterReference {
  readonly service: 'ssm' | 'ssm-secure';
  /** The parameter name (ARNs are reduced to it; a path keeps its leading `/`). */
  readonly name: string;
  readonly version?: string;
}

/** A secret value's location in Secrets Manager or SSM Parameter Store. */
export type SecretReference = SecretsManagerReference | ParameterReference;

/** A Secrets Manager location without the service tag: what GetSecretValue takes, plus the JSON key. */
export type SecretLocation = Omit<SecretsManagerReference, 'service'>;

/** Splits an ARN-or-name followed by `:`-separated fields; an ARN keeps its own 7 colon-separated parts. */
function splitIdAndTail(text: string): [string, string[]] {
  const parts = text.split(':');
  const idLength = text.startsWith('arn:') ? 7 : 1;
  return [parts.slice(0, idLength).join(':'), parts.slice(idLength)];
}

/**
 * Parses a CloudFormation dynamic reference, `{{resolve:secretsmanager:<id>[:SecretString[:json-key[:version-stage[:version-id]]]]}}`
 * or `{{resolve:ssm|ssm-secure:<name>[:version]}}`.
 * @throws HarnessError `SECRET_REFERENCE_INVALID`, naming the reference's service, never its value
 */
export function parseDynamicReference(reference: string): SecretReference {
  const match = /^\{\{resolve:(secretsmanager|ssm|ssm-secure):(.+)\}\}$/.exec(reference);
  if (!match) {
    throw new HarnessError('SECRET_REFERENCE_INVALID', `unsupported dynamic reference ${reference.slice(0, 40)}...`);
  }
  const service = match[1] as SecretReference['service'];
  const [id, tail] = splitIdAndTail(match[2]!);
  if (service === 'secretsmanager') {
    if (tail.length > 0 && tail[0] !== 'SecretString') {
      throw new HarnessError(
        'SECRET_REFERENCE_INVALID',
        `dynamic reference to secret ${id}: only SecretString is supported, got ${tail[0]}`,
      );
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
 * The Secrets Manager location of an ECS `secrets[].valueFrom`
 * (`arn:...:secret:name-AbCdEf[:jsonKey[:versionStage[:versionId]]]`), which GetSecretValue does not
 * accept whole: the ECS agent strips the tail and picks the JSON key itself. Secret names cannot
 * contain `:`, so the tail is positional.
 */
export function parseSecretValueFrom(valueFrom: string): SecretLocation {
  const [secretId, tail] = splitIdAndTail(valueFrom);
  return {
    secretId,
    jsonKey: tail[0] || undefined,
    versionStage: tail[1] || undefined,
    versionId: tail[2] || undefined,
  };
}

/**
 * Parses an ECS `secrets[].valueFrom` the way the ECS agent reads it:
 * - `arn:<partition>:secretsmanager:<region>:<acct>:secret:<name-AbCdEf>[:jsonKey[:versionStage[:versionId]]]`;
 * - `arn:<partition>:ssm:<region>:<acct>:parameter/<name>` (a path name keeps its leading `/`);
 * - anything else is an SSM parameter name, as ECS treats it.
 */
export function parseEcsSecretReference(valueFrom: string): SecretReference {
  const parts = valueFrom.split(':');
  if (parts[0] === 'arn' && parts[2] === 'secretsmanager' && parts[5] === 'secret' && parts.length >= 7) {
    return { service: 'secretsmanager', ...parseSecretValueFrom(valueFrom) };
  }
  if (parts[0] === 'arn' && parts[2] === 'ssm' && (parts[5] ?? '').startsWith('parameter/')) {
    const path = parts.slice(5).join(':').slice('parameter/'.length);
    return { service: 'ssm', name: path.includes('/') ? `/${path}` : path };
  }
  return { service: 'ssm', name: valueFrom };
}
