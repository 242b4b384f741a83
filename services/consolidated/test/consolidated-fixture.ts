import { createLogger } from '../../shared/src/index.ts';
import { deleteBrokerObjects, deleteSharedFaultExchanges, endpointObjects } from '../../shared/test/broker-cleanup.ts';
import { dropDatabase, TEST_SERVERS, TEST_SIGNING_KEY, uniqueSuffix } from '../../shared/test/test-env.ts';
import { loadConsolidatedConfig } from '../src/config.ts';
import { startConsolidated, type ConsolidatedService } from '../src/service.ts';

/** A consolidated service on its own database, namespace, endpoint and Redis prefix. */
export interface ConsolidatedFixture extends AsyncDisposable {
  readonly service: ConsolidatedService;
  readonly database: string;
  readonly namespace: string;
  readonly endpoint: string;
  readonly messageExchange: string;
}

/**
 * Starts consolidated for one test file; `env` overrides the defaults (a shared `BUS_NAMESPACE`
 * lets a cashflow fixture feed it). Waits for the consumer when `waitForConsumer` is set.
 */
export async function startConsolidatedFixture(
  env: Record<string, string> = {},
  { waitForConsumer = true } = {},
): Promise<ConsolidatedFixture> {
  const suffix = uniqueSuffix();
  const database = `consolidated_db_t${suffix}`;
  const url = new URL(TEST_SERVERS.postgres);
  url.pathname = `/${database}`;
  const config = loadConsolidatedConfig({
    DATABASE_URL: url.href,
    AMQP_URL: TEST_SERVERS.amqp,
    AMQP_QUEUE_TYPE: 'classic',
    REDIS_URL: TEST_SERVERS.redis,
    REDIS_KEY_PREFIX: `t${suffix}:`,
    BUS_NAMESPACE: `Test${suffix}`,
    BUS_ENDPOINT_NAME: `entry-registered-t${suffix}`,
    JWT_SIGNING_KEY: TEST_SIGNING_KEY,
    ...env,
  });
  const logger = createLogger('consolidated', process.env.TEST_LOG_LEVEL ?? 'silent');
  const service = await startConsolidated(config, { logger });
  await service.app.ready();
  if (waitForConsumer) await service.endpoint.ready(15_000);
  const messageExchange = `${config.amqp.namespace}:EntryRegistered`;
  return {
    service,
    database,
    namespace: config.amqp.namespace,
    endpoint: config.amqp.endpointName,
    messageExchange,
    async [Symbol.asyncDispose]() {
      await service.close();
      await dropDatabase(database);
      if (waitForConsumer) {
        await deleteBrokerObjects(endpointObjects(config.amqp.endpointName, messageExchange));
        await deleteSharedFaultExchanges();
      }
    },
  };
}
