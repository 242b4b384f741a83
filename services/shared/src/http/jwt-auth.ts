import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import type { JwtConfig } from '../config/jwt-config.ts';
import { ProblemError } from './problem-error.ts';
import { VerifiedTokens } from './verified-tokens.ts';

/** The verified caller, set on every request that passed {@link jwtAuth}. */
export interface AuthenticatedUser {
  readonly subject: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthenticatedUser;
  }
}

function unauthorized(code: string, detail: string): ProblemError {
  return new ProblemError(401, code, 'Unauthorized', detail);
}

/** An HS256 verification key; the bytes are copied, as WebCrypto wants an ArrayBuffer of its own. */
function verifyKey(secret: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

/**
 * Requires a valid HS256 bearer token on every route of the scope it is registered in. The
 * header's `kid` picks the current or the previous key, so tokens survive a key rotation.
 */
export const jwtAuth = fp<{ jwt: JwtConfig }>(
  async (app: FastifyInstance, { jwt }) => {
    // WebCrypto keys, imported once: given raw bytes (or a secret KeyObject) jose imports a key on
    // every verification, which was about a third of a balance read's CPU.
    const entries = [jwt.current, ...(jwt.previous ? [jwt.previous] : [])];
    const keys = new Map(await Promise.all(entries.map(async (k) => [k.kid, await verifyKey(k.secret)] as const)));
    const keyFor = (header: JWTHeaderParameters): CryptoKey => {
      const key = header.kid === undefined ? undefined : keys.get(header.kid);
      if (key === undefined) throw unauthorized('TOKEN_INVALID', 'The token was signed with an unknown key');
      return key;
    };

    const verified = new VerifiedTokens();

    app.addHook('onRequest', async (request: FastifyRequest, reply) => {
      const header = request.headers.authorization;
      const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header);
      if (match?.[1] === undefined) {
        reply.header('www-authenticate', 'Bearer');
        throw unauthorized('TOKEN_MISSING', 'A bearer token is required');
      }
      const token = match[1];
      const subject = verified.subjectOf(token);
      if (subject !== undefined) {
        request.user = { subject };
        return;
      }
      try {
        const { payload } = await jwtVerify(token, keyFor, {
          algorithms: ['HS256'],
          issuer: jwt.issuer,
          audience: jwt.audience,
          requiredClaims: ['sub', 'exp'],
        });
        request.user = { subject: payload.sub ?? '' };
        verified.remember(token, request.user.subject, payload.exp!);
      } catch (err) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        if (err instanceof ProblemError) throw err;
        if (err instanceof errors.JWTExpired) throw unauthorized('TOKEN_EXPIRED', 'The token has expired');
        throw unauthorized('TOKEN_INVALID', 'The token is not valid');
      }
    });
  },
  { name: 'jwt-auth' },
);
