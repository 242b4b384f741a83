import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { dbConfigFrom } from './db-config.ts';
import { requireTlsConnections } from './tls-policy.ts';

const SECRET = 'Zq7sEcretPassw0rdZq7';
const managed = {
  REQUIRE_TLS: 'true' as const,
  DB_HOST: 'db.internal',
  DB_PASSWORD: SECRET,
  DB_SSLMODE: 'verify-full' as const,
  AMQP_URL: `amqps://app:${SECRET}@mq.internal:5671`,
  REDIS_URL: 'rediss://cache.internal:6379',
};

/** The ConfigError `requireTlsConnections` throws for `env`, or undefined when it accepts it. */
function refusal(env: Parameters<typeof requireTlsConnections>[0] & Record<string, string | undefined>) {
  try {
    requireTlsConnections(env, dbConfigFrom(env, 'cashflow_db'));
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain(SECRET);
    return error as ConfigError;
  }
}

describe('requireTlsConnections', () => {
  it('accepts the managed wiring: verify-full, rediss://, amqps://', () => {
    expect(refusal(managed)).toBeUndefined();
  });

  it.each([
    ['DB_SSLMODE', { DB_SSLMODE: 'require' as const }, 'DB_SSLMODE gives sslmode require: expected verify-full'],
    ['DB_SSLMODE', { DB_SSLMODE: undefined }, 'DB_SSLMODE gives sslmode disable: expected verify-full'],
    [
      'DATABASE_URL',
      { DATABASE_URL: `postgres://app:${SECRET}@db.internal:5432/cashflow_db?sslmode=disable` },
      'DATABASE_URL gives sslmode disable: expected verify-full',
    ],
    ['REDIS_URL', { REDIS_URL: 'redis://cache.internal:6379' }, 'REDIS_URL is a plaintext redis:// URL'],
    ['AMQP_URL', { AMQP_URL: `amqp://app:${SECRET}@mq.internal:5672` }, 'AMQP_URL is a plaintext amqp:// URL'],
  ])('refuses a plaintext %s, naming it and not its value', (variable, override, message) => {
    const error = refusal({ ...managed, ...override });
    expect(error?.variables).toEqual([variable]);
    expect(error?.message).toContain(message);
  });

  it('names every plaintext connection at once', () => {
    const error = refusal({
      ...managed,
      DB_SSLMODE: 'disable',
      REDIS_URL: 'redis://c:6379',
      AMQP_URL: 'amqp://m:5672',
    });
    expect(error?.variables).toEqual(['DB_SSLMODE', 'REDIS_URL', 'AMQP_URL']);
  });

  it('checks only the variables a service reads (auth has no broker)', () => {
    expect(refusal({ REQUIRE_TLS: 'true', DB_HOST: 'db.internal', DB_SSLMODE: 'verify-full' })).toBeUndefined();
  });

  it.each([undefined, 'false' as const])('lets compose run in plaintext when REQUIRE_TLS is %s', (value) => {
    expect(
      refusal({
        ...managed,
        REQUIRE_TLS: value,
        DB_SSLMODE: 'disable',
        REDIS_URL: 'redis://r:6379',
        AMQP_URL: 'amqp://m',
      }),
    ).toBeUndefined();
  });
});
