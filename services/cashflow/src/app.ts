import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  RedisIdempotency,
  createHttpServer,
  currentHost,
  healthRoutes,
  jwtAuth,
  type RevocationCheck,
} from '../../shared/src/index.ts';
import type { CashflowConfig } from './config.ts';
import { entryRegisteredMessage } from './entries/entry-registered.ts';
import { EntryRepository } from './entries/entry-repository.ts';
import { entryRoutes } from './routes/entry-routes.ts';

/** What {@link buildApp} is given instead of creating it, so tests and the server share one wiring. */
export interface CashflowDeps {
  readonly logger: Logger;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  /** Subjects deleted in auth; their older tokens are rejected. @default none */
  readonly revocations?: RevocationCheck;
  /** Called after each new entry commits (the relay's nudge). */
  readonly onEntryCommitted?: () => void;
}

/**
 * The cashflow HTTP app: health routes (ready = the database answers; the broker is not
 * required), and the JWT-protected entry routes.
 */
export async function buildApp(config: CashflowConfig, deps: CashflowDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger, trustProxyHops: config.http.trustProxyHops });
  const host = currentHost('cashflow');
  await app.register(healthRoutes, {
    checks: [{ name: 'database', check: async () => void (await deps.pool.query('SELECT 1')) }],
  });
  await app.register(async (scope) => {
    await scope.register(jwtAuth, { jwt: config.jwt, revocations: deps.revocations });
    await scope.register(entryRoutes, {
      entries: new EntryRepository(deps.pool),
      idempotency: new RedisIdempotency(deps.redis, deps.logger),
      message: (entry) => entryRegisteredMessage(entry, config.amqp, host),
      onCommitted: deps.onEntryCommitted ?? (() => undefined),
    });
  });
  return app;
}
