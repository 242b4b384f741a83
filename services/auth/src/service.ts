import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createPool, createRedis, prepareDatabase } from '../../shared/src/index.ts';
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

/**
 * Prepares the database, seeds the demo user when configured, and builds the app. Redis is not
 * awaited: auth issues tokens while it is down (see token-routes.ts).
 */
export async function startAuth(
  config: AuthConfig,
  options: { readonly logger: Logger; readonly revokedSubjectsKey?: string },
): Promise<AuthService> {
  const { logger } = options;
  await prepareDatabase(config.db, migrationsDirectory, logger);
  const pool = createPool(config.db, logger);
  // No client-wide key prefix: the revoked-subjects key is shared with the other services; the rate
  // limit's keys carry the configured prefix through the limiter's own namespace.
  const redis = createRedis(config.redis, logger, {
    keyPrefix: '',
    whenDown: 'token requests are not rate limited and users cannot be deleted until it is back',
  });
  try {
    if (config.demoUser !== undefined) {
      await new UserRepository(pool).upsert(config.demoUser.username, await hashPassword(config.demoUser.password));
      logger.info({ username: config.demoUser.username }, 'demo user seeded');
    }
    const app = await buildApp(config, { logger, pool, redis, revokedSubjectsKey: options.revokedSubjectsKey });
    return {
      app,
      async close() {
        await app.close();
        redis.disconnect();
        await pool.end();
      },
    };
  } catch (err) {
    redis.disconnect();
    await pool.end();
    throw err;
  }
}
