import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createPool, prepareDatabase } from '../../shared/src/index.ts';
import { buildApp } from './app.ts';
import type { AuthConfig } from './config.ts';
import { hashPassword } from './users/password-hash.ts';
import { UserRepository } from './users/user-repository.ts';

const migrationsDirectory = fileURLToPath(new URL('../migrations', import.meta.url));

/** A started auth service: its app (not yet listening) and how to stop it. */
export interface AuthService {
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** Prepares the database, seeds the demo user when configured, and builds the app. */
export async function startAuth(config: AuthConfig, options: { readonly logger: Logger }): Promise<AuthService> {
  const { logger } = options;
  await prepareDatabase(config.db, migrationsDirectory, logger);
  const pool = createPool(config.db, logger);
  try {
    if (config.demoUser !== undefined) {
      await new UserRepository(pool).upsert(config.demoUser.username, await hashPassword(config.demoUser.password));
      logger.info({ username: config.demoUser.username }, 'demo user seeded');
    }
    const app = await buildApp(config, { logger, pool });
    return {
      app,
      async close() {
        await app.close();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}
