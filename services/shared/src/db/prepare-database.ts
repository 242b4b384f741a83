import type { Logger } from 'pino';
import type { DbConfig } from '../config/db-config.ts';
import { ensureDatabase } from './ensure-database.ts';
import { runMigrations } from './run-migrations.ts';

/** Creates the database if missing, then migrates it: the start-up step every service runs. */
export async function prepareDatabase(config: DbConfig, migrationsDirectory: string, logger: Logger): Promise<void> {
  await ensureDatabase(config, logger);
  await runMigrations(config, migrationsDirectory, logger);
}
