import { createLogger } from '../../shared/src/index.ts';
import { dropDatabase, TEST_SERVERS, TEST_SIGNING_KEY, uniqueSuffix } from '../../shared/test/test-env.ts';
import { loadCashflowConfig } from '../src/config.ts';
import { startCashflow, type CashflowService, type StartCashflowOptions } from '../src/service.ts';

/** A cashflow service on its own database, namespace and Redis prefix; dispose to drop them. */
export interface CashflowFixture extends AsyncDisposable {
  readonly service: CashflowService;
  readonly database: string;
  readonly namespace: string;
  readonly suffix: string;
}

/** Starts cashflow for one test file. `env` overrides the test defaults. */
export async function startCashflowFixture(
  env: Record<string, string> = {},
  options: Partial<StartCashflowOptions> = {},
): Promise<CashflowFixture> {
  const suffix = uniqueSuffix();
  const database = `cashflow_db_t${suffix}`;
  const namespace = `Test${suffix}`;
  const url = new URL(TEST_SERVERS.postgres);
  url.pathname = `/${database}`;
  const config = loadCashflowConfig({
    DATABASE_URL: url.href,
    AMQP_URL: TEST_SERVERS.amqp,
    REDIS_URL: TEST_SERVERS.redis,
    REDIS_KEY_PREFIX: `t${suffix}:`,
    BUS_NAMESPACE: namespace,
    JWT_SIGNING_KEY: TEST_SIGNING_KEY,
    OUTBOX_POLL_INTERVAL_MS: '100',
    ...env,
  });
  const logger = createLogger('cashflow', process.env.TEST_LOG_LEVEL ?? 'silent');
  const service = await startCashflow(config, { logger, ...options });
  await service.app.ready();
  return {
    service,
    database,
    namespace,
    suffix,
    async [Symbol.asyncDispose]() {
      await service.close();
      await dropDatabase(database);
    },
  };
}
