import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { jwtConfigFrom } from '../config/jwt-config.ts';
import { createLogger } from '../logger.ts';
import { createHttpServer } from './create-http-server.ts';
import { jwtAuth } from './jwt-auth.ts';

const currentKey = 'current-key-0123456789abcdef0123456789';
const previousKey = 'previous-key-0123456789abcdef012345678';
let app: FastifyInstance;

beforeAll(async () => {
  app = createHttpServer({ logger: createLogger('test', 'silent') });
  const jwt = jwtConfigFrom({
    JWT_SIGNING_KEY: currentKey,
    JWT_KEY_ID: 'k2',
    JWT_PREVIOUS_SIGNING_KEY: previousKey,
    JWT_PREVIOUS_KEY_ID: 'k1',
  });
  await app.register(async (scope) => {
    await scope.register(jwtAuth, { jwt });
    scope.get('/private', async (request) => ({ subject: request.user?.subject }));
    scope.get('/boom', async () => {
      throw new Error('connect ECONNREFUSED db.internal:5432 password=hunter2');
    });
  });
  app.get('/public', async () => ({ ok: true }));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
});

function sign(key: string, header: Record<string, string>) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', ...header })
    .setSubject('alice')
    .setIssuer('cashflow-auth')
    .setAudience('cashflow')
    .setExpirationTime('1m')
    .sign(new TextEncoder().encode(key));
}

async function call(url: string, token?: string) {
  return app.inject({ url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

describe('jwtAuth', () => {
  it('accepts the current and the previous key by kid', async () => {
    expect((await call('/private', await sign(currentKey, { kid: 'k2' }))).json()).toEqual({ subject: 'alice' });
    expect((await call('/private', await sign(previousKey, { kid: 'k1' }))).json()).toEqual({ subject: 'alice' });
  });

  it.each([
    ['a key under the wrong kid', () => sign(previousKey, { kid: 'k2' })],
    ['no kid', () => sign(currentKey, {})],
    ['an unsigned token', async () => `${btoa('{"alg":"none","kid":"k2"}')}.${btoa('{"sub":"alice"}')}.`],
    ['garbage', async () => 'not-a-jwt'],
  ])('rejects %s with 401 TOKEN_INVALID', async (_name, make) => {
    const res = await call('/private', await make());
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json().code).toBe('TOKEN_INVALID');
  });

  it('leaves routes outside its scope public', async () => {
    expect((await call('/public')).statusCode).toBe(200);
  });
});

describe('problem handler', () => {
  it('hides 5xx details from the client', async () => {
    const res = await call('/boom', await sign(currentKey, { kid: 'k2' }));
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(res.body).not.toMatch(/ECONNREFUSED|hunter2|db\.internal/);
  });
});
