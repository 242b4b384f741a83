import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { BusPublisher, createPool, createRedis, RevokedSubjects, prepareDatabase } from '../../shared/src/index.ts';
import { buildApp } from './app.ts';
import type { CashflowConfig } from './config.ts';
import { OutboxRelay } from './outbox/outbox-relay.ts';

const migrationsDirectory = fileURLToPath(new URL('../migrations', import.meta.url));

/** A started cashflow service: its app (not yet listening), its relay, and how to stop both. */
export interface CashflowService {
  readonly app: FastifyInstance;
  readonly relay: OutboxRelay;
  close(): Promise<void>;
}

/** Overrides for tests. */
export interface StartCashflowOptions {
  readonly logger: Logger;
  /** Where the relay's publisher connects; read at every reconnect. @default config.amqp.url */
  readonly amqpUrl?: () => string;
  /** @default 10000 */
  readonly relayRetryMaxMs?: number;
}

/**
 * Prepares the database, then wires pool, Redis, publisher, relay and app. The broker and
 * Redis are not awaited: the service accepts entries while either is down.
 */
export async function startCashflow(config: CashflowConfig, options: StartCashflowOptions): Promise<CashflowService> {
  const { logger } = options;
  await prepareDatabase(config.db, migrationsDirectory, logger);
  const pool = createPool(config.db, logger);
  const redis = createRedis(config.redis, logger);
  const publisher = new BusPublisher({
    url: options.amqpUrl ?? (() => config.amqp.url),
    connectionName: 'cashflow-outbox-relay',
    logger,
  });
  const relay = new OutboxRelay({
    pool,
    publisher,
    logger,
    pollIntervalMs: config.outboxPollIntervalMs,
    retryMaxMs: options.relayRetryMaxMs ?? 10_000,
  });
  const revocations = RevokedSubjects.connect({ redis: config.redis, logger });
  const app = await buildApp(config, { logger, pool, redis, revocations, onEntryCommitted: () => relay.nudge() });
  relay.start();
  return {
    app,
    relay,
    async close() {
      await app.close();
      await relay.stop();
      await publisher.close();
      redis.disconnect();
      await revocations.close();
      await pool.end();
    },
  };
}
