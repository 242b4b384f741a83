import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SERVERS, closedPort, uniqueSuffix } from '../../../shared/test/test-env.ts';
import { startAuthFixture, type AuthFixture } from '../../test/auth-fixture.ts';

// Two auth tasks behind one load balancer: the same Redis and key prefix, as every ECS task of the
// service has the same task definition.
const prefix = `auth-shared-${uniqueSuffix()}:`;
const tasks: AuthFixture[] = [];
let redis: Redis;

beforeAll(async () => {
  const env = { AUTH_RATE_LIMIT_PER_MINUTE: '4', REDIS_KEY_PREFIX: prefix };
  tasks.push(await startAuthFixture(env), await startAuthFixture(env));
  redis = new Redis(TEST_SERVERS.redis);
});
afterAll(async () => {
  for (const task of tasks) await task[Symbol.asyncDispose]();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function badLogin(task: AuthFixture, remoteAddress: string) {
  return task.service.app.inject({
    method: 'POST',
    url: '/api/auth/token',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: { username: 'demo', password: 'wrong-password' },
  });
}

describe('the token rate limit across auth tasks', () => {
  it('holds in total for one client however its requests are spread, with Retry-After on the 429', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 8; i += 1) {
      const res = await badLogin(tasks[i % 2]!, '10.9.0.1');
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited = res;
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect(limited?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited?.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // The counter is in Redis under the service's prefix, not in either process.
    expect(await redis.keys(`${prefix}*`)).toEqual([`${prefix}rate-limit:POST/api/auth/token-10.9.0.1`]);
  });

  it('keeps another client apart', async () => {
    expect((await badLogin(tasks[1]!, '10.9.0.2')).statusCode).toBe(401);
  });
});

describe('when Redis cannot be reached', () => {
  it('still issues tokens (the limit is skipped, not failed closed)', async () => {
    const offline = await startAuthFixture({
      AUTH_RATE_LIMIT_PER_MINUTE: '1',
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
    });
    try {
      for (let i = 0; i < 3; i += 1) {
        const res = await offline.service.app.inject({
          method: 'POST',
          url: '/api/auth/token',
          remoteAddress: '10.9.0.3',
          headers: { 'content-type': 'application/json' },
          payload: { username: 'demo', password: 'demo-password-1' },
        });
        expect(res.statusCode).toBe(200);
      }
    } finally {
      await offline[Symbol.asyncDispose]();
    }
  });
});
