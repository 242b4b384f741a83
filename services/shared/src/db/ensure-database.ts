import pg from 'pg';
import type { Logger } from 'pino';
import type { DbConfig } from '../config/db-config.ts';
import { pgClientConfig } from './pg-client-config.ts';

// Two instances starting together may both see the database missing; the loser's CREATE fails
// with one of these, which means the database now exists.
const alreadyExistsCodes = new Set(['42P04', '23505']);

/**
 * Creates the service's database when it is missing, through the `postgres` maintenance database
 * with the same credentials. This is how the logical databases come to exist on RDS.
 */
export async function ensureDatabase(config: DbConfig, logger: Logger): Promise<void> {
  const client = new pg.Client(pgClientConfig(config, 'postgres'));
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.database]);
    if (found.rowCount !== 0) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(config.database)}`);
      logger.info({ database: config.database }, 'created database');
    } catch (err) {
      if (!alreadyExistsCodes.has((err as { code?: string }).code ?? '')) throw err;
    }
  } finally {
    await client.end();
  }
}
