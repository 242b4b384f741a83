import pg from 'pg';

/** The tables a request could write to, per logical database. */
const TABLES: Readonly<Record<string, readonly string[]>> = {
  auth_db: ['users'],
  cashflow_db: ['entries', 'outbox', 'idempotency_keys'],
  consolidated_db: ['inbox', 'daily_balances'],
};

/** `database.table` -> row count. */
export type RowCounts = Readonly<Record<string, number>>;

/**
 * Counts the rows of every table a request could write, through each database's URI (the aws
 * profile's carries `sslmode=verify-full` and the harness CA, so the count itself goes over TLS).
 */
export async function countRows(databaseUri: (database: string) => string): Promise<RowCounts> {
  const counts: Record<string, number> = {};
  for (const [database, tables] of Object.entries(TABLES)) {
    const client = new pg.Client({ connectionString: databaseUri(database), connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      for (const table of tables) {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        counts[`${database}.${table}`] = Number(rows[0]?.n ?? 0);
      }
    } finally {
      await client.end();
    }
  }
  return counts;
}

/** Rows added or removed between two counts, summed over every table. */
export function rowsWritten(before: RowCounts, after: RowCounts): number {
  return Object.keys({ ...before, ...after }).reduce(
    (sum, key) => sum + Math.abs((after[key] ?? 0) - (before[key] ?? 0)),
    0,
  );
}
