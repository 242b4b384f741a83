import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config/redis-config.ts';

/**
 * A Redis client tuned to fail fast: Redis is a cache and a fast path here, so a command while
 * it is down errors at once (no offline queue) and callers fall back to PostgreSQL. The client
 * keeps reconnecting in the background with a capped delay.
 */
export function createRedis(
  config: RedisConfig,
  logger: Logger,
  options: {
    /** What the service does without Redis, for the warning. @default 'falling back to the database' */
    readonly whenDown?: string;
    /** @default config.keyPrefix; '' for a client that also writes keys shared between services */
    readonly keyPrefix?: string;
  } = {},
): Redis {
  const redis = new Redis(config.url, {
    ...(config.authToken === undefined ? {} : { password: config.authToken }),
    keyPrefix: options.keyPrefix ?? config.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5_000),
  });
  let lastLogged = 0;
  redis.on('error', (err: Error) => {
    // A down Redis emits an error per reconnect attempt; one line every 30 s is enough.
    if (Date.now() - lastLogged > 30_000) {
      lastLogged = Date.now();
      logger.warn(
        { err: { message: err.message } },
        `redis unavailable; ${options.whenDown ?? 'falling back to the database'}`,
      );
    }
  });
  return redis;
}
