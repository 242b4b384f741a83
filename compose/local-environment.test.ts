import { describe, expect, it } from 'vitest';
import { backingServerUrls, localizeEnvironment } from '../scripts/dev/local-environment.ts';

describe('localizeEnvironment (compose env -> this machine)', () => {
  const backing = backingServerUrls({});

  it('points the backing-server URLs at the local servers and keeps everything else', () => {
    const local = localizeEnvironment(
      {
        DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/cashflow_db?sslmode=disable',
        AMQP_URL: 'amqp://guest:guest@rabbitmq:5672',
        REDIS_URL: 'redis://redis:6379',
        JWT_KEY_ID: 'local-1',
      },
      { backing, databasePrefix: 'e2e_1_' },
    );
    expect(local).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/e2e_1_cashflow_db?sslmode=disable',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_KEY_ID: 'local-1',
    });
  });

  it('maps <service>:<port> upstreams to the local addresses', () => {
    const local = localizeEnvironment(
      { AUTH_UPSTREAM: 'auth:3001', NGINX_PORT: '8080', OTHER: 'unknown:1' },
      { backing, serviceAddresses: { auth: '127.0.0.1:40001' } },
    );
    expect(local).toEqual({ AUTH_UPSTREAM: '127.0.0.1:40001', NGINX_PORT: '8080', OTHER: 'unknown:1' });
  });

  it('reads DEV_*_URL and names the variable when one is wrong', () => {
    expect(backingServerUrls({ DEV_REDIS_URL: 'rediss://cache:6380' }).redis.href).toBe('rediss://cache:6380');
    expect(() => backingServerUrls({ DEV_AMQP_URL: 'http://x' })).toThrow(
      'DEV_AMQP_URL must start with amqp:// or amqps://',
    );
    expect(() => backingServerUrls({ DEV_POSTGRES_URL: 'nope' })).toThrow(/^DEV_POSTGRES_URL is not a URL/);
  });
});
