import pg from 'pg';
import { TEST_SERVERS } from '../../shared/test/test-env.ts';
import { BalanceRepository } from '../src/balances/balance-repository.ts';
import { startConsolidatedFixture } from './consolidated-fixture.ts';

/** A migrated consolidated database of its own and a repository on a pool of the test's. */
export interface BalancesFixture extends AsyncDisposable {
  readonly database: string;
  readonly balances: BalanceRepository;
}

/**
 * The repository alone, without the broker: consolidated is started on an unreachable broker only
 * for its migrations, and the repository gets a pool of its own on that database.
 */
export async function startBalancesFixture(): Promise<BalancesFixture> {
  const service = await startConsolidatedFixture(
    { AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' },
    { waitForConsumer: false },
  );
  const url = new URL(TEST_SERVERS.postgres);
  url.pathname = `/${service.database}`;
  const pool = new pg.Pool({ connectionString: url.href, max: 10 });
  return {
    database: service.database,
    balances: new BalanceRepository(pool),
    async [Symbol.asyncDispose]() {
      await pool.end();
      await service[Symbol.asyncDispose]();
    },
  };
}
