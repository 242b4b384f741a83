import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DbConfig } from '../config/db-config.ts';
import { pgClientConfig } from './pg-client-config.ts';

/**
 * Applies the service's pending migrations (`.sql` files with `-- Up Migration` sections) in one
 * transaction. Instances starting together wait on node-pg-migrate's advisory lock instead of failing.
 *
 * @param directory absolute path of the service's `migrations/` folder.
 */
export async function runMigrations(config: DbConfig, directory: string, logger: Logger): Promise<void> {
  const client = new pg.Client(pgClientConfig(config));
  await client.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir: directory,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      singleTransaction: true,
      advisoryLockMode: 'wait',
      logger: {
        debug: (msg: string) => logger.debug(msg),
        info: (msg: string) => logger.debug(msg),
        warn: (msg: string) => logger.warn(msg),
        error: (msg: string) => logger.error(msg),
      },
    });
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  } finally {
    await client.end();
  }
}
