import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import type { RevocationCheck } from '../auth/revoked-subjects.ts';
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

/** Options of {@link jwtAuth}. */
export interface JwtAuthOptions {
  readonly jwt: JwtConfig;
  /**
   * Subjects deleted since their tokens were issued (an in-memory set kept current from Redis).
   * @default none: only the token itself is checked
   */
  readonly revocations?: RevocationCheck;
}

/** Which claim failed, when jose says so: each has its own stable code. */
const CLAIM_CODES: Readonly<Record<string, [string, string]>> = {
  nbf: ['TOKEN_NOT_YET_VALID', 'The token is not valid yet'],
  iss: ['TOKEN_ISSUER_INVALID', 'The token was issued by someone else'],
  aud: ['TOKEN_AUDIENCE_INVALID', 'The token is meant for another audience'],
};

/** The 401 for a token jose rejected; anything unrecognised is TOKEN_INVALID. */
function rejection(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof errors.JWTExpired) return unauthorized('TOKEN_EXPIRED', 'The token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    const known = CLAIM_CODES[err.claim];
    if (known !== undefined) return unauthorized(known[0], known[1]);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return unauthorized('TOKEN_ALGORITHM_REJECTED', 'The token is not signed with HS256');
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return unauthorized('TOKEN_SIGNATURE_INVALID', 'The token signature does not verify');
  }
  return unauthorized('TOKEN_INVALID', 'The token is not valid');
}

function revoked(): ProblemError {
  return unauthorized('TOKEN_REVOKED', 'The user of this token no longer exists');
}

/**
 * Requires a valid HS256 bearer token on every route of the scope it is registered in. The
 * header's `kid` picks the current or the previous key, so tokens survive a key rotation. Each
 * reason for a 401 has its own code (TOKEN_MISSING, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID,
 * TOKEN_SIGNATURE_INVALID, TOKEN_ALGORITHM_REJECTED, TOKEN_AUDIENCE_INVALID, TOKEN_ISSUER_INVALID,
 * TOKEN_REVOKED, TOKEN_INVALID for the rest).
 */
export const jwtAuth = fp<JwtAuthOptions>(
  async (app: FastifyInstance, { jwt, revocations }) => {
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
      const known = verified.lookup(token);
      if (known !== undefined) {
        if (revocations?.isRevoked(known.subject, known.issuedAt)) {
          reply.header('www-authenticate', 'Bearer error="invalid_token"');
          throw revoked();
        }
        request.user = { subject: known.subject };
        return;
      }
      try {
        const { payload } = await jwtVerify(token, keyFor, {
          algorithms: ['HS256'],
          issuer: jwt.issuer,
          audience: jwt.audience,
          requiredClaims: ['sub', 'exp'],
        });
        const subject = payload.sub ?? '';
        if (revocations?.isRevoked(subject, payload.iat)) throw revoked();
        request.user = { subject };
        verified.remember(token, subject, payload.exp!, payload.iat);
      } catch (err) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw rejection(err);
      }
    });
  },
  { name: 'jwt-auth' },
);
