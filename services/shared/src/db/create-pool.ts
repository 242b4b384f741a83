import pg from 'pg';
import type { Logger } from 'pino';
import type { DbConfig } from '../config/db-config.ts';
import { pgClientConfig } from './pg-client-config.ts';

/** Options for {@link createPool}. */
export interface CreatePoolOptions {
  /** @default 10 */
  readonly max?: number;
}

/**
 * A pg pool on the service's database. Idle-client errors (a failover dropping connections) are
 * logged, not thrown: the pool replaces the client on the next checkout.
 */
export function createPool(config: DbConfig, logger: Logger, options: CreatePoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ ...pgClientConfig(config), max: options.max ?? 10, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => logger.warn({ err }, 'idle database client failed'));
  return pool;
}
