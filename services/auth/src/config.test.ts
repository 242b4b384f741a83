import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/src/index.ts';
import { loadAuthConfig } from './config.ts';

const valid = {
  DATABASE_URL: 'postgres://app:pw@db.internal:5432/auth_db',
  JWT_SIGNING_KEY: 'k'.repeat(32),
  REDIS_URL: 'rediss://cache.internal:6379',
};

function failure(env: Record<string, string>): ConfigError {
  try {
    loadAuthConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('auth configuration', () => {
  it('reads the shared Redis, the rate limit and the proxy hops, with their defaults', () => {
    const config = loadAuthConfig(valid);
    expect(config.redis).toEqual({ url: 'rediss://cache.internal:6379', authToken: undefined, keyPrefix: 'auth:' });
    expect(config.rateLimitPerMinute).toBe(30);
    expect(config.http.trustProxyHops).toBe(1);
    const set = loadAuthConfig({ ...valid, AUTH_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY_HOPS: '2' });
    expect([set.rateLimitPerMinute, set.http.trustProxyHops]).toEqual([5, 2]);
  });

  it.each([
    [{ REDIS_URL: '' }, 'REDIS_URL is required'],
    [{ REDIS_URL: 'memcached://cache' }, 'REDIS_URL is malformed'],
    [{ AUTH_RATE_LIMIT_PER_MINUTE: '0' }, 'AUTH_RATE_LIMIT_PER_MINUTE is malformed'],
    [{ TRUST_PROXY_HOPS: '-1' }, 'TRUST_PROXY_HOPS is malformed'],
  ])('names the variable in %j', (override, text) => {
    expect(failure({ ...valid, ...override }).message).toContain(text);
  });
});
