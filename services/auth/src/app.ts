import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
import { createHttpServer, healthRoutes } from '../../shared/src/index.ts';
import type { AuthConfig } from './config.ts';
import { tokenRoutes } from './routes/token-routes.ts';
import { UserRepository } from './users/user-repository.ts';

/** What {@link buildApp} is given instead of creating it. */
export interface AuthDeps {
  readonly logger: Logger;
  readonly pool: pg.Pool;
}

/** The auth HTTP app: health (ready = the database answers) and the token endpoint. */
export async function buildApp(config: AuthConfig, deps: AuthDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger });
  await app.register(healthRoutes, {
    checks: [{ name: 'database', check: async () => void (await deps.pool.query('SELECT 1')) }],
  });
  await app.register(tokenRoutes, {
    users: new UserRepository(deps.pool),
    jwt: config.jwt,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  return app;
}
