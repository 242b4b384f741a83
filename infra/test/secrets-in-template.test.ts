import { beforeAll, describe, expect, it } from 'vitest';
import { synth } from './fixtures.ts';

type Json = Record<string, unknown>;

/** Every string leaf of a JSON value with the path that leads to it. */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) yield* strings(item, `${path}.${key}`);
}

/** Every object property whose key names a secret-ish thing, with its value. */
function* secretKeyed(value: unknown, path: string): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* secretKeyed(item, `${path}[${i}]`);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (/password|secret|token|signingkey/i.test(key)) yield [`${path}.${key}`, item];
      yield* secretKeyed(item, `${path}.${key}`);
    }
  }
}

/** A value that only points at a secret: a Ref/GetAtt, a dynamic reference or a secret ARN. */
function isReference(value: unknown): boolean {
  if (typeof value === 'object' && value !== null && ('Ref' in value || 'Fn::GetAtt' in value)) return true;
  const text = JSON.stringify(value);
  return text.includes('{{resolve:secretsmanager:') || text.includes(':secret:');
}

/** Secret-named resource properties holding anything but a reference. */
function literalSecretProperties(template: Json): [string, unknown][] {
  return Object.entries(template.Resources as Record<string, { Properties?: unknown }>)
    .flatMap(([id, resource]) => [...secretKeyed(resource.Properties, `$.Resources.${id}.Properties`)])
    .filter(
      ([path, value]) =>
        !isReference(value) &&
        // generator settings and the ECS list of references describe secrets, they are not one
        !/GenerateSecretString|\.Secrets$|\.SecretId$/.test(path),
    );
}

/** Long random-looking strings (letters and digits mixed, >= 20) that are not CDK-generated names. */
function credentialLookingStrings(template: Json): [string, string][] {
  return [...strings(template, '$')].filter(([path, value]) => {
    // CDK logical ids and unique names end in an 8-digit uppercase hex hash
    if (/[0-9A-F]{8}$/.test(value) || /Metadata|\.Description$|PolicyId$/.test(path)) return false;
    return /(?=[A-Za-z0-9]{20,})(?=.*[a-z])(?=.*[A-Z])(?=.*\d)^[A-Za-z0-9]+$/.test(value);
  });
}

/** Container variables whose name or value says secret. */
function secretLookingEnvironment(template: Json): [string, string][] {
  return [...strings(template, '$')].filter(
    ([path, value]) =>
      /\.Environment\[\d+\]\.(Name|Value)$/.test(path) && /secret|resolve:|password|token|signing_key/i.test(value),
  );
}

describe('secrets in the synthesized template', () => {
  let template: Json;
  beforeAll(() => {
    // GIVEN / WHEN
    template = synth().json;
  });

  it('holds every secret-named property as a reference, never a literal', () => {
    // THEN
    expect(literalSecretProperties(template)).toEqual([]);
  });

  it('contains no string that looks like a generated credential', () => {
    // THEN
    expect(credentialLookingStrings(template)).toEqual([]);
  });

  it('passes no secret to a service through its environment', () => {
    // THEN
    expect(secretLookingEnvironment(template)).toEqual([]);
  });

  it('uses dynamic references only for Secrets Manager values', () => {
    // THEN
    const dynamic = [...strings(template, '$')].filter(([, v]) => v.includes('{{resolve:'));
    expect(dynamic.length).toBeGreaterThan(0);
    expect(dynamic.filter(([, v]) => !v.startsWith('{{resolve:secretsmanager:'))).toEqual([]);
  });

  it('catches plaintext secrets planted in a copy of the template', () => {
    // GIVEN
    const tampered = structuredClone(template);
    const resources = tampered.Resources as Record<string, { Type: string; Properties: Json }>;
    const db = Object.values(resources).find((r) => r.Type === 'AWS::RDS::DBInstance')!;
    db.Properties.MasterUserPassword = 'hunter2hunter2';
    const task = Object.values(resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
    const [container] = task.Properties.ContainerDefinitions as { Environment: { Name: string; Value: string }[] }[];
    container!.Environment.push({ Name: 'DB_PASSWORD', Value: 'Zq7pL0x9Wm3vR8tK2yB5nC4' });
    // WHEN / THEN
    expect(literalSecretProperties(tampered).map(([, v]) => v)).toEqual(['hunter2hunter2']);
    expect(credentialLookingStrings(tampered).map(([, v]) => v)).toEqual(['Zq7pL0x9Wm3vR8tK2yB5nC4']);
    expect(secretLookingEnvironment(tampered).map(([, v]) => v)).toEqual(['DB_PASSWORD']);
  });
});
