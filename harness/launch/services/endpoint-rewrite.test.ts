import { describe, expect, test } from 'vitest';
import { firstResolver, rewriteEndpoints, tableResolver } from './endpoint-rewrite.ts';

const compose = tableResolver({
  postgres: { host: '127.0.0.1', port: 15432 },
  'rabbitmq:5672': { host: '127.0.0.1', port: 15672 },
  redis: { host: '127.0.0.1', port: 16379 },
  auth: { host: '127.0.0.1', port: 13001 },
});

describe('rewriteEndpoints', () => {
  test('rewrites URLs, host:port values and HOST/PORT pairs, keeping credentials and paths', () => {
    const { environment, mappings } = rewriteEndpoints(
      {
        DATABASE_URL: 'postgres://app:s3cret@postgres:5432/cashflow_db?sslmode=disable',
        AMQP_URL: 'amqp://guest:guest@rabbitmq',
        REDIS_URL: 'redis://redis:6379/0',
        AUTH_UPSTREAM: 'auth:3001',
        DB_HOST: 'postgres',
        DB_PORT: '5432',
        JWT_ISSUER: 'cashflow-auth',
        UNKNOWN_URL: 'https://example.org/x',
      },
      compose,
    );
    expect(environment).toEqual({
      DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:15432/cashflow_db?sslmode=disable',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:15672',
      REDIS_URL: 'redis://127.0.0.1:16379/0',
      AUTH_UPSTREAM: '127.0.0.1:13001',
      DB_HOST: '127.0.0.1',
      DB_PORT: '15432',
      JWT_ISSUER: 'cashflow-auth',
      UNKNOWN_URL: 'https://example.org/x',
    });
    expect(mappings).toContainEqual({ variable: 'DATABASE_URL', from: 'postgres:5432', to: '127.0.0.1:15432' });
    expect(mappings).toContainEqual({ variable: 'DB_HOST+DB_PORT', from: 'postgres:5432', to: '127.0.0.1:15432' });
    expect(JSON.stringify(mappings)).not.toContain('s3cret');
  });

  test('a port-specific entry does not capture other ports of the same host', () => {
    const { environment } = rewriteEndpoints({ MGMT: 'http://rabbitmq:15672/api' }, compose);
    expect(environment.MGMT).toBe('http://rabbitmq:15672/api');
  });

  test('emulated AWS endpoints map through the first resolver that knows them', () => {
    const aws = tableResolver({ 'db.abc.us-east-1.rds.amazonaws.com:5432': { host: 'localhost', port: 25432 } });
    const { environment } = rewriteEndpoints(
      { DB_HOST: 'db.abc.us-east-1.rds.amazonaws.com', DB_PORT: '5432', AMQP_URL: 'amqps://mockmq:5671' },
      firstResolver(aws, tableResolver({ mockmq: { host: 'localhost', port: 25671 } })),
    );
    expect(environment).toEqual({ DB_HOST: 'localhost', DB_PORT: '25432', AMQP_URL: 'amqps://localhost:25671' });
  });
});
