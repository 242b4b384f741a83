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
/** Deleted subjects and when, as the Redis-fed set would hold them. */
const deleted = new Map<string, number>();

beforeAll(async () => {
  app = createHttpServer({ logger: createLogger('test', 'silent') });
  const jwt = jwtConfigFrom({
    JWT_SIGNING_KEY: currentKey,
    JWT_KEY_ID: 'k2',
    JWT_PREVIOUS_SIGNING_KEY: previousKey,
    JWT_PREVIOUS_KEY_ID: 'k1',
  });
  await app.register(async (scope) => {
    await scope.register(jwtAuth, {
      jwt,
      revocations: { isRevoked: (subject, iat) => (deleted.get(subject) ?? -1) >= (iat ?? 0) },
    });
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

function sign(key: string, header: Record<string, string>, expiresIn: string | number = '1m') {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', ...header })
    .setSubject('alice')
    .setIssuer('cashflow-auth')
    .setAudience('cashflow')
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(key));
}

/** A token of the current key with some claims replaced. */
function signWith(claims: { nbf?: number; aud?: string; iss?: string; sub?: string; iat?: number }) {
  return new SignJWT({ ...(claims.nbf === undefined ? {} : { nbf: claims.nbf }) })
    .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
    .setSubject(claims.sub ?? 'alice')
    .setIssuer(claims.iss ?? 'cashflow-auth')
    .setAudience(claims.aud ?? 'cashflow')
    .setIssuedAt(claims.iat)
    .setExpirationTime('1m')
    .sign(new TextEncoder().encode(currentKey));
}

async function call(url: string, token?: string) {
  return app.inject({ url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

describe('jwtAuth', () => {
  it('accepts the current and the previous key by kid', async () => {
    expect((await call('/private', await sign(currentKey, { kid: 'k2' }))).json()).toEqual({ subject: 'alice' });
    expect((await call('/private', await sign(previousKey, { kid: 'k1' }))).json()).toEqual({ subject: 'alice' });
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['a key under the wrong kid', () => sign(previousKey, { kid: 'k2' }), 'TOKEN_SIGNATURE_INVALID'],
    ['no kid', () => sign(currentKey, {}), 'TOKEN_INVALID'],
    [
      'an unsigned token (alg=none)',
      async () => `${btoa('{"alg":"none","kid":"k2"}')}.${btoa('{"sub":"alice"}')}.`,
      'TOKEN_ALGORITHM_REJECTED',
    ],
    ['garbage', async () => 'not-a-jwt', 'TOKEN_INVALID'],
    ['a token not valid before a minute from now', () => signWith({ nbf: now() + 60 }), 'TOKEN_NOT_YET_VALID'],
    ['another audience', () => signWith({ aud: 'billing' }), 'TOKEN_AUDIENCE_INVALID'],
    ['another issuer', () => signWith({ iss: 'someone-else' }), 'TOKEN_ISSUER_INVALID'],
  ])('rejects %s with 401 %s', async (_name, make, code) => {
    const res = await call('/private', await make());
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json()).toMatchObject({ status: 401, code });
  });

  it('rejects a token of a subject deleted after it was issued, even one accepted before', async () => {
    const token = await signWith({ sub: 'bob', iat: now() - 10 });
    expect((await call('/private', token)).statusCode).toBe(200);
    deleted.set('bob', now());
    const res = await call('/private', token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_REVOKED');
    // a token issued after the deletion (a user of the same name created again) is accepted
    expect((await call('/private', await signWith({ sub: 'bob', iat: now() + 1 }))).statusCode).toBe(200);
  });

  it('accepts a token again without trusting it further: a changed signature is rejected', async () => {
    const token = await sign(currentKey, { kid: 'k2' });
    expect((await call('/private', token)).statusCode).toBe(200);
    expect((await call('/private', token)).json()).toEqual({ subject: 'alice' });
    // A character inside the signature (the last one also carries unused padding bits).
    const changed = token.at(-5) === 'A' ? 'B' : 'A';
    const res = await call('/private', `${token.slice(0, -5)}${changed}${token.slice(-4)}`);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('rejects a token that was accepted once it has expired', async () => {
    // exp is in whole seconds: the token lives until the start of the second after next
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await sign(currentKey, { kid: 'k2' }, exp);
    expect((await call('/private', token)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    const res = await call('/private', token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_EXPIRED');
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
