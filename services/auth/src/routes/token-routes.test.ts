import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNING_KEY, queryDatabase } from '../../../shared/test/test-env.ts';
import { startAuthFixture, type AuthFixture } from '../../test/auth-fixture.ts';

let fixture: AuthFixture;

beforeAll(async () => {
  fixture = await startAuthFixture({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
});
afterAll(async () => {
  await fixture?.[Symbol.asyncDispose]();
});

function requestToken(body: unknown, remoteAddress = '10.0.0.1') {
  return fixture.service.app.inject({
    method: 'POST',
    url: '/api/auth/token',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /api/auth/token', () => {
  it('issues a bearer token the other services accept for the seeded demo user', async () => {
    const res = await requestToken({ username: 'demo', password: 'demo-password-1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'HS256', kid: 'k1' });
    const { payload } = await jwtVerify(body.access_token, new TextEncoder().encode(TEST_SIGNING_KEY), {
      issuer: 'cashflow-auth',
      audience: 'cashflow',
    });
    expect(payload.sub).toBe('demo');
  });

  it('stores a salted scrypt hash, never the password', async () => {
    const rows = await queryDatabase<{ password_hash: string }>(fixture.database, 'SELECT password_hash FROM users');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(rows[0]?.password_hash).not.toContain('demo-password-1');
  });

  it.each([
    ['a wrong password', { username: 'demo', password: 'wrong-password' }],
    ['an unknown user', { username: 'nobody', password: 'demo-password-1' }],
  ])('answers 401 problem+json for %s', async (name, body) => {
    const res = await requestToken(body, `10.0.2.${name.length}`);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  });

  it.each([
    ['a missing password', { username: 'demo' }, 'VALIDATION_FAILED'],
    ['an unknown field', { username: 'demo', password: 'x', scope: 'admin' }, 'VALIDATION_FAILED'],
    ['a wrong type', { username: 1, password: 'x' }, 'VALIDATION_FAILED'],
    [
      'a NUL in the user name (PostgreSQL text refuses it)',
      { username: 'de\u0000mo', password: 'x' },
      'VALIDATION_FAILED',
    ],
    ['invalid JSON', '{"username":', 'INVALID_JSON'],
  ])('answers 400 for %s', async (name, body, code) => {
    const res = await requestToken(body, `10.0.3.${name.length}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('rate limits token requests per client address with 429', async () => {
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await requestToken({ username: 'demo', password: 'bad' }, '10.0.0.9'));
    const limited = answers.filter((a) => a.statusCode === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect((await requestToken({ username: 'demo', password: 'demo-password-1' }, '10.0.0.10')).statusCode).toBe(200);
  });
});
