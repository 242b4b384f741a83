import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ComposeFileError, getComposeService, normalizeEnvironment, parseComposeText } from './compose-file.ts';

const sample = `
name: cashflow
services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-postgres}
    ports: ["5432:5432"]
  cashflow:
    image: cashflow
    depends_on:
      postgres: { condition: service_healthy, restart: true }
    healthcheck:
      test: ["CMD", "true"]
      start_interval: 1s
    environment:
      PORT: 3002
      DATABASE_URL: postgres://postgres:\${POSTGRES_PASSWORD:-postgres}@postgres:5432/cashflow_db
      AMQP_URL: amqp://guest:guest@rabbitmq:5672
      JWT_SIGNING_KEY: \${JWT_SIGNING_KEY:?set JWT_SIGNING_KEY}
      PRICE: "$$5"
      DEBUG: false
      FROM_HOST:
    expose: ["3002"]
  auth:
    image: auth
    environment:
      - PORT=3001
      - LOG_LEVEL=\${LOG_LEVEL-info}
      - FROM_HOST
      - NOT_ON_HOST
      - EQUALS=a=b
`;

describe('parseComposeText', () => {
  test('interpolates, validates and normalizes both environment forms', () => {
    const project = parseComposeText(sample, {
      JWT_SIGNING_KEY: 'k'.repeat(32),
      FROM_HOST: 'host-value',
      LOG_LEVEL: '',
    });
    expect(getComposeService(project, 'cashflow').environment).toEqual({
      PORT: '3002',
      DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/cashflow_db',
      AMQP_URL: 'amqp://guest:guest@rabbitmq:5672',
      JWT_SIGNING_KEY: 'k'.repeat(32),
      PRICE: '$5',
      DEBUG: 'false',
      FROM_HOST: 'host-value',
    });
    expect(getComposeService(project, 'auth').environment).toEqual({
      PORT: '3001',
      LOG_LEVEL: '',
      FROM_HOST: 'host-value',
      EQUALS: 'a=b',
    });
    expect(getComposeService(project, 'postgres').containerPorts).toEqual([5432]);
    expect(getComposeService(project, 'cashflow').containerPorts).toEqual([3002]);
  });

  test('a required variable that is unset stops parsing with its message', () => {
    const error = captureError(() => parseComposeText(sample, {}));
    expect(error).toMatchObject({ code: 'COMPOSE_REQUIRED_VARIABLE' });
    expect(error.message).toBe('required variable JWT_SIGNING_KEY is missing a value: set JWT_SIGNING_KEY');
  });

  test('a document that breaks the compose spec is rejected with the offending path', () => {
    const error = captureError(() => parseComposeText('services:\n  a:\n    image: x\n    enviroment: {A: 1}\n', {}));
    expect(error).toBeInstanceOf(ComposeFileError);
    expect(error).toMatchObject({ code: 'COMPOSE_SCHEMA_INVALID' });
    expect(error.message).toContain("/services/a: must NOT have additional properties 'enviroment'");
  });

  test('invalid YAML is rejected as such', () => {
    expect(() => parseComposeText('services: [unclosed', {})).toThrow(
      expect.objectContaining({ code: 'COMPOSE_YAML_INVALID' }),
    );
  });

  test('an unknown service name lists the known ones', () => {
    const project = parseComposeText(sample, { JWT_SIGNING_KEY: 'x' });
    expect(() => getComposeService(project, 'nope')).toThrow(
      "no service 'nope' in the compose file (it has: postgres, cashflow, auth)",
    );
  });

  test("the repository's docker-compose.yml parses when present", async () => {
    const { existsSync } = await import('node:fs');
    const { loadComposeFile } = await import('./compose-file.ts');
    const path = join(import.meta.dirname, '..', '..', '..', 'docker-compose.yml');
    if (!existsSync(path)) return;
    const project = await loadComposeFile(path, { JWT_SIGNING_KEY: 'x'.repeat(32), DEMO_PASSWORD: 'demo-password' });
    expect(Object.keys(project.services)).toEqual(expect.arrayContaining(['auth', 'cashflow', 'consolidated']));
  });
});

describe('normalizeEnvironment', () => {
  test('property: map form and list form give the same environment', () => {
    const key = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.string()), (entries) => {
        const list = Object.entries(entries).map(([k, v]) => `${k}=${v}`);
        const fromMap = normalizeEnvironment(entries, {});
        const fromList = normalizeEnvironment(list, {});
        return (
          JSON.stringify(fromMap) === JSON.stringify(fromList) && JSON.stringify(fromMap) === JSON.stringify(entries)
        );
      }),
    );
  });
});

function captureError(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected an error, none was thrown');
}
