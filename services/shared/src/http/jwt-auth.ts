import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors, jwtVerify, type JWTHeaderParameters } from 'jose';
import type { JwtConfig } from '../config/jwt-config.ts';
import { ProblemError } from './problem-error.ts';

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

/**
 * Requires a valid HS256 bearer token on every route of the scope it is registered in. The
 * header's `kid` picks the current or the previous key, so tokens survive a key rotation.
 */
export const jwtAuth = fp<{ jwt: JwtConfig }>(
  async (app: FastifyInstance, { jwt }) => {
    const keys = new Map([jwt.current, ...(jwt.previous ? [jwt.previous] : [])].map((k) => [k.kid, k.secret]));
    const keyFor = (header: JWTHeaderParameters): Uint8Array => {
      const key = header.kid === undefined ? undefined : keys.get(header.kid);
      if (key === undefined) throw unauthorized('TOKEN_INVALID', 'The token was signed with an unknown key');
      return key;
    };

    app.addHook('onRequest', async (request: FastifyRequest, reply) => {
      const header = request.headers.authorization;
      const match = header === undefined ? null : /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header);
      if (match?.[1] === undefined) {
        reply.header('www-authenticate', 'Bearer');
        throw unauthorized('TOKEN_MISSING', 'A bearer token is required');
      }
      try {
        const { payload } = await jwtVerify(match[1], keyFor, {
          algorithms: ['HS256'],
          issuer: jwt.issuer,
          audience: jwt.audience,
          requiredClaims: ['sub', 'exp'],
        });
        request.user = { subject: payload.sub ?? '' };
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
