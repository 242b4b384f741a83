import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
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
  /** Where the limit's counters live, shared by every auth task. */
  readonly redis: Redis;
  /** Prefix of the counters' keys, e.g. `auth:rate-limit:`. */
  readonly rateLimitNamespace: string;
}

const TokenRequest = Type.Object(
  {
    username: PlainText({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/**
 * `POST /api/auth/token`: password grant, rate limited per client address. The counters are in
 * Redis, so the limit holds for the whole service however many tasks run (ECS runs 2-6), and the
 * client address is the one the outermost trusted proxy saw (TRUST_PROXY_HOPS).
 *
 * When Redis cannot be reached the limit is skipped and tokens are still issued: logging in is
 * what every other call needs, and the password check's KDF cost still slows guessing. The Redis
 * client's error handler logs that state (once every 30 s), and the limit is back with Redis.
 */
export async function tokenRoutes(scope: FastifyInstance, options: TokenRoutesOptions): Promise<void> {
  await scope.register(rateLimit, {
    global: false,
    redis: options.redis,
    nameSpace: options.rateLimitNamespace,
    skipOnError: true,
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
