import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_SERVERS, uniqueSuffix } from '../../test/test-env.ts';
import { withTransaction } from './with-transaction.ts';

// One table of this file's own in the maintenance database, so parallel files never meet it.
const table = `with_transaction_${uniqueSuffix()}`;
let pool: pg.Pool;

async function storedValues(): Promise<string[]> {
  // A fresh connection sees only what was committed.
  const client = new pg.Client({ connectionString: TEST_SERVERS.postgres });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>(`SELECT value FROM ${table} ORDER BY value`);
    return rows.map((row) => row.value);
  } finally {
    await client.end();
  }
}

function insert(client: pg.PoolClient, value: string): Promise<pg.QueryResult> {
  return client.query(`INSERT INTO ${table} (value) VALUES ($1)`, [value]);
}

beforeAll(async () => {
  // One client: a checkout that is never released would make the next test wait forever.
  pool = new pg.Pool({ connectionString: TEST_SERVERS.postgres, max: 1, connectionTimeoutMillis: 5_000 });
  await pool.query(`CREATE TABLE ${table} (value text PRIMARY KEY)`);
});

beforeEach(async () => {
  await pool.query(`TRUNCATE ${table}`);
});

afterAll(async () => {
  await pool?.query(`DROP TABLE IF EXISTS ${table}`);
  await pool?.end();
});

describe('withTransaction', () => {
  it('commits what the work wrote and returns its result', async () => {
    const result = await withTransaction(pool, async (client) => {
      await insert(client, 'a');
      await insert(client, 'b');
      return 'done';
    });

    expect(result).toBe('done');
    expect(await storedValues()).toEqual(['a', 'b']);
  });

  it('rolls back everything the work wrote when it throws, and rethrows the same error', async () => {
    const failure = new Error('work failed');

    const attempt = withTransaction(pool, async (client) => {
      await insert(client, 'a');
      throw failure;
    });

    await expect(attempt).rejects.toBe(failure);
    expect(await storedValues()).toEqual([]);
  });

  it('rolls back when a statement fails', async () => {
    const attempt = withTransaction(pool, async (client) => {
      await insert(client, 'a');
      await insert(client, 'a');
    });

    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    expect(await storedValues()).toEqual([]);
  });

  it('returns the client to the pool after a commit and after a rollback', async () => {
    await withTransaction(pool, (client) => insert(client, 'a'));
    expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: 1, idle: 1 });

    const attempt = withTransaction(pool, async (client) => {
      await insert(client, 'b');
      throw new Error('no');
    });
    await expect(attempt).rejects.toThrow('no');
    expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: 1, idle: 1 });

    // The pool holds one client: this checkout succeeds only if both were released, and finds no
    // transaction id (the failed work's insert took one) only if the rollback ran.
    const { rows } = await pool.query<{ xid: string | null }>('SELECT pg_current_xact_id_if_assigned() AS xid');
    expect(rows[0]?.xid).toBeNull();
    expect(await storedValues()).toEqual(['a']);
  });

  it('destroys a client whose connection died instead of returning it to the pool', async () => {
    const attempt = withTransaction(pool, async (client) => {
      await client.query('SELECT pg_terminate_backend(pg_backend_pid())');
    });

    await expect(attempt).rejects.toThrow();
    expect(pool.totalCount).toBe(0);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
