/** Where one `secrets[].valueFrom` points, parsed the way the ECS agent reads it. */
export type EcsSecretReference =
  | {
      readonly kind: 'secretsmanager';
      /** The secret's ARN without the ECS tail (what GetSecretValue accepts). */
      readonly secretId: string;
      readonly jsonKey?: string;
      readonly versionStage?: string;
      readonly versionId?: string;
    }
  | {
      readonly kind: 'ssm';
      /** The parameter name (ARNs are reduced to it). */
      readonly name: string;
    };

/**
 * Parses a `valueFrom`:
 * - `arn:<partition>:secretsmanager:<region>:<acct>:secret:<name-AbCdEf>[:jsonKey[:versionStage[:versionId]]]`
 *   (secret names cannot contain `:`, so the tail is positional);
 * - `arn:<partition>:ssm:<region>:<acct>:parameter/<name>` (a path name keeps its leading `/`);
 * - anything else is an SSM parameter name, as ECS treats it.
 */
export function parseEcsSecretReference(valueFrom: string): EcsSecretReference {
  const parts = valueFrom.split(':');
  if (parts[0] === 'arn' && parts[2] === 'secretsmanager' && parts[5] === 'secret' && parts.length >= 7) {
    const [jsonKey, versionStage, versionId] = parts.slice(7).map((p) => (p === '' ? undefined : p));
    return {
      kind: 'secretsmanager',
      secretId: parts.slice(0, 7).join(':'),
      ...(jsonKey === undefined ? {} : { jsonKey }),
      ...(versionStage === undefined ? {} : { versionStage }),
      ...(versionId === undefined ? {} : { versionId }),
    };
  }
  if (parts[0] === 'arn' && parts[2] === 'ssm' && (parts[5] ?? '').startsWith('parameter/')) {
    const path = parts.slice(5).join(':').slice('parameter/'.length);
    return { kind: 'ssm', name: path.includes('/') ? `/${path}` : path };
  }
  return { kind: 'ssm', name: valueFrom };
}
