import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import { createHttpServer, healthRoutes } from '../../shared/src/index.ts';
import type { AuthConfig } from './config.ts';
import { tokenRoutes } from './routes/token-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { UserRepository } from './users/user-repository.ts';

/** What {@link buildApp} is given instead of creating it. */
export interface AuthDeps {
  readonly logger: Logger;
  readonly pool: pg.Pool;
  /** Shared by every auth task: rate-limit counters, revoked subjects. No client-wide key prefix. */
  readonly redis: Redis;
  /** @default the revoked-subjects key the other services read; tests use their own */
  readonly revokedSubjectsKey?: string;
}

/** The auth HTTP app: health (ready = the database answers), the token endpoint and account deletion. */
export async function buildApp(config: AuthConfig, deps: AuthDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger, trustProxyHops: config.http.trustProxyHops });
  await app.register(healthRoutes, {
    checks: [{ name: 'database', check: async () => void (await deps.pool.query('SELECT 1')) }],
  });
  const users = new UserRepository(deps.pool);
  await app.register(tokenRoutes, {
    users,
    jwt: config.jwt,
    rateLimitPerMinute: config.rateLimitPerMinute,
    redis: deps.redis,
    rateLimitNamespace: `${config.redis.keyPrefix}rate-limit:`,
  });
  await app.register(userRoutes, {
    users,
    jwt: config.jwt,
    redis: deps.redis,
    ...(deps.revokedSubjectsKey === undefined ? {} : { revokedSubjectsKey: deps.revokedSubjectsKey }),
  });
  return app;
}
