import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import {
  ReceiveEndpoint,
  createPool,
  createRedis,
  RevokedSubjects,
  currentHost,
  isTransientDatabaseError,
  messageExchangeName,
  prepareDatabase,
} from '../../shared/src/index.ts';
import { buildApp } from './app.ts';
import { BalanceCache } from './balances/balance-cache.ts';
import { ApplyBatcher } from './balances/apply-batcher.ts';
import { BalanceRepository } from './balances/balance-repository.ts';
import type { ConsolidatedConfig } from './config.ts';
import { crashBeforeAck } from './consumer/crash-before-ack.ts';
import { entryRegisteredHandler } from './consumer/entry-registered-handler.ts';

const migrationsDirectory = fileURLToPath(new URL('../migrations', import.meta.url));

/** A started consolidated service: the app (not yet listening), the consumer, and how to stop both. */
export interface ConsolidatedService {
  readonly app: FastifyInstance;
  readonly endpoint: ReceiveEndpoint;
  close(): Promise<void>;
}

/**
 * Prepares the database, then wires pool, Redis, the `entry-registered` receive endpoint and
 * the app. The consumer connects in the background and keeps reconnecting.
 */
export async function startConsolidated(
  config: ConsolidatedConfig,
  options: { readonly logger: Logger },
): Promise<ConsolidatedService> {
  const { logger } = options;
  await prepareDatabase(config.db, migrationsDirectory, logger);
  const pool = createPool(config.db, logger);
  const redis = createRedis(config.redis, logger);
  const balances = new BalanceRepository(pool);
  const cache = new BalanceCache(redis, logger, config.cacheTtlSeconds);
  const endpoint = new ReceiveEndpoint({
    url: config.amqp.url,
    connectionName: 'consolidated-entry-registered',
    endpointName: config.amqp.endpointName,
    queueType: config.amqp.queueType,
    messageExchanges: [messageExchangeName(config.amqp.namespace, 'EntryRegistered')],
    handlers: [entryRegisteredHandler(config.amqp.namespace, new ApplyBatcher(balances), cache)],
    host: currentHost('consolidated'),
    logger,
    // A database outage is no reason to fault a good message: it waits for PostgreSQL instead.
    isTransient: isTransientDatabaseError,
    ...(config.testOnlyCrashBeforeAckOf === undefined
      ? {}
      : { beforeAck: crashBeforeAck(config.testOnlyCrashBeforeAckOf, logger) }),
  });
  const revocations = RevokedSubjects.connect({ redis: config.redis, logger });
  const app = await buildApp(config, { logger, pool, redis, balances, cache, revocations });
  endpoint.start();
  return {
    app,
    endpoint,
    async close() {
      await app.close();
      await endpoint.stop();
      redis.disconnect();
      await revocations.close();
      await pool.end();
    },
  };
}
