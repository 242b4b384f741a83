import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import { createHttpServer, healthRoutes, jwtAuth, type RevocationCheck } from '../../shared/src/index.ts';
import { BalanceCache } from './balances/balance-cache.ts';
import { BalanceRepository } from './balances/balance-repository.ts';
import type { ConsolidatedConfig } from './config.ts';
import { balanceRoutes } from './routes/balance-routes.ts';

/** What {@link buildApp} is given instead of creating it. */
export interface ConsolidatedDeps {
  readonly logger: Logger;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  /** Subjects deleted in auth; their older tokens are rejected. @default none */
  readonly revocations?: RevocationCheck;
  readonly balances?: BalanceRepository;
  readonly cache?: BalanceCache;
}

/** The consolidated HTTP app: health (ready = the database answers) and JWT-protected balance reads. */
export async function buildApp(config: ConsolidatedConfig, deps: ConsolidatedDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger, trustProxyHops: config.http.trustProxyHops });
  await app.register(healthRoutes, {
    checks: [{ name: 'database', check: async () => void (await deps.pool.query('SELECT 1')) }],
  });
  await app.register(async (scope) => {
    await scope.register(jwtAuth, { jwt: config.jwt, revocations: deps.revocations });
    await scope.register(balanceRoutes, {
      balances: deps.balances ?? new BalanceRepository(deps.pool),
      cache: deps.cache ?? new BalanceCache(deps.redis, deps.logger, config.cacheTtlSeconds),
    });
  });
  return app;
}
