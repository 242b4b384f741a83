import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SERVERS, queryDatabase, signTestToken } from '../../../shared/test/test-env.ts';
import { startAuthFixture, type AuthFixture } from '../../test/auth-fixture.ts';

let fixture: AuthFixture;
let redis: Redis;

beforeAll(async () => {
  fixture = await startAuthFixture();
  redis = new Redis(TEST_SERVERS.redis);
});
afterAll(async () => {
  await redis?.del(fixture.revokedSubjectsKey);
  redis?.disconnect();
  await fixture?.[Symbol.asyncDispose]();
});

async function login(): Promise<string> {
  const res = await fixture.service.app.inject({
    method: 'POST',
    url: '/api/auth/token',
    headers: { 'content-type': 'application/json' },
    payload: { username: 'demo', password: 'demo-password-1' },
  });
  expect(res.statusCode).toBe(200);
  return res.json().access_token;
}

function deleteMe(token?: string) {
  return fixture.service.app.inject({
    method: 'DELETE',
    url: '/api/auth/users/me',
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

describe('DELETE /api/auth/users/me', () => {
  it('needs a valid bearer token', async () => {
    expect((await deleteMe()).json()).toMatchObject({ status: 401, code: 'TOKEN_MISSING' });
    const foreign = await signTestToken({ subject: 'demo', key: 'another-key-0123456789abcdef0123456789' });
    expect((await deleteMe(foreign)).json()).toMatchObject({ status: 401, code: 'TOKEN_SIGNATURE_INVALID' });
  });

  it('records the revocation in Redis, publishes it, deletes the user, and the user cannot log in again', async () => {
    const token = await login();
    const subscriber = new Redis(TEST_SERVERS.redis);
    const published: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => published.push(message));
    await subscriber.subscribe(fixture.revokedSubjectsKey);
    try {
      const before = Math.floor(Date.now() / 1000);
      const res = await deleteMe(token);
      expect(res.statusCode).toBe(204);
      const at = Number(await redis.hget(fixture.revokedSubjectsKey, 'demo'));
      expect(at).toBeGreaterThanOrEqual(before);
      await expect.poll(() => published, { timeout: 10_000 }).toEqual([`${at} demo`]);
      expect(await queryDatabase(fixture.database, 'SELECT 1 FROM users')).toHaveLength(0);
      const again = await fixture.service.app.inject({
        method: 'POST',
        url: '/api/auth/token',
        headers: { 'content-type': 'application/json' },
        payload: { username: 'demo', password: 'demo-password-1' },
      });
      expect(again.json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect((await deleteMe(token)).json()).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    } finally {
      subscriber.disconnect();
    }
  });
});
