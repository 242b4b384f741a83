import { randomInt } from 'node:crypto';
import { HarnessError } from '../core/harness-error.ts';

/** The `GenerateSecretString` property of `AWS::SecretsManager::Secret`. */
export interface GenerateSecretStringSpec {
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeLowercase?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * Generates a secret value the way Secrets Manager does for `GenerateSecretString`: a random
 * password of `PasswordLength` (default 32) from the allowed classes, with one of each class when
 * `RequireEachIncludedType` (default true), placed under `GenerateStringKey` in the JSON template
 * when both are given.
 */
export function generateSecretString(spec: GenerateSecretStringSpec): string {
  const length = spec.PasswordLength ?? 32;
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new HarnessError(
      'TEMPLATE_INVALID',
      `GenerateSecretString.PasswordLength must be an integer 1-4096, got ${String(length)}`,
    );
  }
  const excluded = new Set(spec.ExcludeCharacters ?? '');
  const classes = [
    spec.ExcludeLowercase ? '' : LOWER,
    spec.ExcludeUppercase ? '' : UPPER,
    spec.ExcludeNumbers ? '' : DIGITS,
    spec.ExcludePunctuation ? '' : PUNCTUATION,
    spec.IncludeSpace ? ' ' : '',
  ]
    .map((chars) => [...chars].filter((char) => !excluded.has(char)).join(''))
    .filter((chars) => chars.length > 0);
  const alphabet = classes.join('');
  if (alphabet.length === 0)
    throw new HarnessError('TEMPLATE_INVALID', 'GenerateSecretString excludes every character');
  const required = spec.RequireEachIncludedType === false ? [] : classes.map((chars) => pick(chars));
  if (required.length > length)
    throw new HarnessError(
      'TEMPLATE_INVALID',
      'GenerateSecretString.PasswordLength is shorter than the required classes',
    );
  const chars = [...required];
  while (chars.length < length) chars.push(pick(alphabet));
  // Shuffle so the required characters do not sit at fixed positions.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  const password = chars.join('');
  if (spec.SecretStringTemplate === undefined || spec.GenerateStringKey === undefined) {
    if (spec.SecretStringTemplate !== undefined || spec.GenerateStringKey !== undefined) {
      throw new HarnessError(
        'TEMPLATE_INVALID',
        'GenerateSecretString needs both SecretStringTemplate and GenerateStringKey, or neither',
      );
    }
    return password;
  }
  const template: unknown = JSON.parse(spec.SecretStringTemplate);
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    throw new HarnessError('TEMPLATE_INVALID', 'GenerateSecretString.SecretStringTemplate must be a JSON object');
  }
  return JSON.stringify({ ...template, [spec.GenerateStringKey]: password });
}

function pick(chars: string): string {
  return chars[randomInt(chars.length)]!;
}
