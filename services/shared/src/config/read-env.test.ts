import { describe, expect, it } from 'vitest';
import { loadCashflowConfig } from '../../../cashflow/src/config.ts';
import { loadConsolidatedConfig } from '../../../consolidated/src/config.ts';
import { ConfigError } from './config-error.ts';

const valid = {
  DATABASE_URL: 'postgres://app:s3cret-db@db.internal:5432/cashflow_db?sslmode=verify-full',
  AMQP_URL: 'amqps://mq.internal:5671',
  AMQP_USERNAME: 'app',
  AMQP_PASSWORD: 'mq-pa:ss',
  REDIS_URL: 'rediss://cache.internal:6379',
  JWT_SIGNING_KEY: 'k'.repeat(32),
};

function failure(env: Record<string, string>): ConfigError {
  try {
    loadCashflowConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('service configuration', () => {
  it('parses a full environment', () => {
    const config = loadCashflowConfig(valid);
    expect(config.http).toEqual({ host: '0.0.0.0', port: 3002, logLevel: 'info', trustProxyHops: 1 });
    expect(config.db).toMatchObject({
      host: 'db.internal',
      user: 'app',
      database: 'cashflow_db',
      sslMode: 'verify-full',
    });
    expect(config.amqp.url).toBe('amqps://app:mq-pa%3Ass@mq.internal:5671');
    expect(config.amqp.displayUrl).toBe('amqps://mq.internal:5671');
    expect(config.amqp).toMatchObject({ namespace: 'Cashflow.Contracts', queueType: 'quorum' });
    expect(config.jwt).toMatchObject({ issuer: 'cashflow-auth', audience: 'cashflow', ttlSeconds: 900 });
  });

  it('builds the database from DB_* parts when DATABASE_URL is absent', () => {
    const { DATABASE_URL: _omit, ...rest } = valid;
    const config = loadConsolidatedConfig({ ...rest, DB_HOST: 'rds.internal', DB_USERNAME: 'u', DB_PASSWORD: 'p' });
    expect(config.db).toMatchObject({
      host: 'rds.internal',
      port: 5432,
      database: 'consolidated_db',
      sslMode: 'disable',
    });
  });

  it.each([
    ['AMQP_URL', { AMQP_URL: '' }, 'AMQP_URL is required'],
    ['JWT_SIGNING_KEY', { JWT_SIGNING_KEY: 'short' }, 'JWT_SIGNING_KEY is malformed'],
    ['PORT', { PORT: 'eighty' }, 'PORT is malformed'],
    ['PORT', { PORT: '70000' }, 'PORT is malformed'],
    [
      'TRUST_PROXY_HOPS',
      { TRUST_PROXY_HOPS: 'two' },
      'TRUST_PROXY_HOPS is malformed: expected a number of proxy hops, 0-5',
    ],
    ['TRUST_PROXY_HOPS', { TRUST_PROXY_HOPS: '9' }, 'TRUST_PROXY_HOPS is malformed'],
    ['REDIS_URL', { REDIS_URL: 'redis://[' }, 'REDIS_URL is malformed'],
    ['REDIS_URL', { REDIS_URL: 'http://cache' }, 'REDIS_URL is malformed'],
    ['DB_SSLMODE', { DB_SSLMODE: 'prefer' }, 'DB_SSLMODE is malformed'],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://db/x?sslmode=allow' }, 'DATABASE_URL is malformed'],
    ['DB_HOST', { DATABASE_URL: '' }, 'DB_HOST is required'],
    ['AMQP_QUEUE_TYPE', { AMQP_QUEUE_TYPE: 'stream' }, 'AMQP_QUEUE_TYPE is malformed'],
    ['JWT_PREVIOUS_KEY_ID', { JWT_PREVIOUS_SIGNING_KEY: 'p'.repeat(32) }, 'JWT_PREVIOUS_KEY_ID is required'],
  ])('names %s when it is missing or malformed', (variable, override, text) => {
    const error = failure({ ...valid, ...override });
    expect(error.variables).toContain(variable);
    expect(error.message).toContain(text);
  });

  it('never echoes a value, since some are secrets', () => {
    const error = failure({ ...valid, JWT_SIGNING_KEY: 'tooshort-secret', PORT: 'x' });
    expect(error.message).not.toContain('tooshort-secret');
    expect(error.variables).toEqual(expect.arrayContaining(['JWT_SIGNING_KEY', 'PORT']));
  });
});
