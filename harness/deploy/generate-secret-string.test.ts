import { describe, expect, it } from 'vitest';
import { HarnessError } from '../core/harness-error.ts';
import { generateSecretString, type GenerateSecretStringSpec } from './generate-secret-string.ts';

function codeOf(spec: GenerateSecretStringSpec): string | undefined {
  try {
    generateSecretString(spec);
  } catch (error) {
    if (error instanceof HarnessError) return error.code;
    throw error;
  }
  return undefined;
}

describe('generateSecretString', () => {
  it('puts a password of the asked length under the key of the JSON template', () => {
    const value = JSON.parse(
      generateSecretString({
        SecretStringTemplate: '{"username":"app"}',
        GenerateStringKey: 'password',
        PasswordLength: 24,
      }),
    ) as Record<string, string>;
    expect(value.username).toBe('app');
    expect(value.password).toHaveLength(24);
  });

  it('never uses an excluded character, and honours ExcludePunctuation', () => {
    for (let i = 0; i < 50; i++) {
      const value = generateSecretString({ PasswordLength: 64, ExcludeCharacters: 'aeiou0', ExcludePunctuation: true });
      expect(value).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(value).not.toMatch(/[aeiou0]/);
    }
  });

  it('includes one of each allowed class by default', () => {
    const value = generateSecretString({ PasswordLength: 4, ExcludePunctuation: true, IncludeSpace: false });
    expect(value).toMatch(/[a-z]/);
    expect(value).toMatch(/[A-Z]/);
    expect(value).toMatch(/[0-9]/);
  });

  it('defaults to 32 characters', () => {
    expect(generateSecretString({})).toHaveLength(32);
  });

  it('rejects a template without a key, naming both properties', () => {
    expect(() => generateSecretString({ SecretStringTemplate: '{}' })).toThrow(
      /needs both SecretStringTemplate and GenerateStringKey/,
    );
    expect(codeOf({ SecretStringTemplate: '{}' })).toBe('TEMPLATE_INVALID');
  });

  it('rejects exclusions that leave no character', () => {
    expect(() =>
      generateSecretString({
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
      }),
    ).toThrow(/excludes every character/);
    expect(
      codeOf({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true }),
    ).toBe('TEMPLATE_INVALID');
  });
});
