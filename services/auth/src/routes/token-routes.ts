import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { PlainText, ProblemError, type JwtConfig } from '../../../shared/src/index.ts';
import { signAccessToken } from '../tokens/sign-access-token.ts';
import { decoyHash, verifyPassword } from '../users/password-hash.ts';
import type { UserRepository } from '../users/user-repository.ts';

/** What the token route needs. */
export interface TokenRoutesOptions {
  readonly users: UserRepository;
  readonly jwt: JwtConfig;
  readonly rateLimitPerMinute: number;
}

const TokenRequest = Type.Object(
  {
    username: PlainText({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** `POST /api/auth/token`: password grant, rate limited per client address. */
export async function tokenRoutes(scope: FastifyInstance, options: TokenRoutesOptions): Promise<void> {
  await scope.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(429, 'RATE_LIMITED', 'Too many requests', `Retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/auth/token',
    {
      schema: { body: TokenRequest },
      config: { rateLimit: { max: options.rateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await options.users.findByUsername(username);
      // Unknown users pay the same KDF cost as wrong passwords, so timing does not reveal who exists.
      const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      if (user === undefined || !valid) {
        throw new ProblemError(401, 'INVALID_CREDENTIALS', 'Unauthorized', 'Unknown user name or wrong password');
      }
      const accessToken = await signAccessToken(options.jwt, user.username);
      reply.header('cache-control', 'no-store');
      return { access_token: accessToken, token_type: 'Bearer', expires_in: options.jwt.ttlSeconds };
    },
  );
}
