import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { classifyConfigurationKey } from './configuration-key-rules.ts';

/**
 * The class of every key the three API services read (docs/configuration.md), as `kind` or
 * `kind:connection`. A key new to docker-compose.yml fails the test below until it is added here:
 * someone has to decide what it is.
 */
const EXPECTED: Record<string, string> = {
  HOST: 'connection:listen',
  PORT: 'connection:listen',
  LOG_LEVEL: 'setting',
  TRUST_PROXY_HOPS: 'setting',
  DATABASE_URL: 'connection:database',
  DB_HOST: 'connection:database',
  DB_PORT: 'connection:database',
  DB_NAME: 'connection:database',
  DB_USERNAME: 'connection:database',
  DB_PASSWORD: 'secret:database',
  DB_SSLMODE: 'connection:database',
  DB_SSL_ROOT_CERT: 'connection:database',
  AMQP_URL: 'connection:broker',
  AMQP_USERNAME: 'connection:broker',
  AMQP_PASSWORD: 'secret:broker',
  AMQP_QUEUE_TYPE: 'setting',
  BUS_NAMESPACE: 'setting',
  BUS_ENDPOINT_NAME: 'setting',
  REDIS_URL: 'connection:cache',
  REDIS_AUTH_TOKEN: 'secret:cache',
  REDIS_KEY_PREFIX: 'setting',
  JWT_SIGNING_KEY: 'secret',
  JWT_KEY_ID: 'setting',
  JWT_PREVIOUS_SIGNING_KEY: 'secret',
  JWT_PREVIOUS_KEY_ID: 'setting',
  JWT_ISSUER: 'setting',
  JWT_AUDIENCE: 'setting',
  JWT_TTL_SECONDS: 'setting',
  DEMO_USERNAME: 'setting',
  DEMO_PASSWORD: 'secret',
  AUTH_RATE_LIMIT_PER_MINUTE: 'setting',
  OUTBOX_POLL_INTERVAL_MS: 'setting',
  CACHE_TTL_SECONDS: 'setting',
  NODE_EXTRA_CA_CERTS: 'connection:NODE_EXTRA_CA_CERTS',
  REQUIRE_TLS: 'connection:REQUIRE_TLS',
};

function describeClass(key: string): string {
  const keyClass = classifyConfigurationKey(key);
  return keyClass.connection === undefined ? keyClass.kind : `${keyClass.kind}:${keyClass.connection}`;
}

describe('classifyConfigurationKey', () => {
  test('classifies every documented key of auth, cashflow and consolidated', () => {
    const actual = Object.fromEntries(Object.keys(EXPECTED).map((key) => [key, describeClass(key)]));
    expect(actual).toEqual(EXPECTED);
  });

  test('knows every key docker-compose.yml sets for the three API services', () => {
    const compose = parse(readFileSync(join(import.meta.dirname, '../../docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    const keys = ['auth', 'cashflow', 'consolidated'].flatMap((service) =>
      Object.keys(compose.services[service]?.environment ?? {}),
    );
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((key) => !(key in EXPECTED))).toEqual([]);
  });

  test('TLS trust may be set on one side only; the others may not', () => {
    expect(classifyConfigurationKey('DB_SSLMODE').oneSided).toBe(true);
    expect(classifyConfigurationKey('NODE_EXTRA_CA_CERTS').oneSided).toBe(true);
    // Only the task definitions carry it: the managed side refuses plaintext, compose runs on it.
    expect(classifyConfigurationKey('REQUIRE_TLS')).toMatchObject({ rule: 'tls', oneSided: true });
    expect(classifyConfigurationKey('DATABASE_URL').oneSided).toBeUndefined();
  });

  test('names the deciding rule and its reason', () => {
    expect(classifyConfigurationKey('REDIS_AUTH_TOKEN')).toMatchObject({ rule: 'token', kind: 'secret' });
    expect(classifyConfigurationKey('ANYTHING_ELSE')).toMatchObject({ rule: 'setting', kind: 'setting' });
  });
});
