import type pg from 'pg';

/**
 * Runs `work` in one transaction on a client of `pool`: COMMIT when it resolves, ROLLBACK when it
 * throws (the error is rethrown), and the client goes back to the pool either way.
 *
 * `work` that decides to write nothing simply returns: committing an empty transaction is the same
 * as rolling it back. A client whose connection failed, or whose ROLLBACK failed, is in an unknown
 * state, so it is destroyed instead of returned to the pool.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let unusable: Error | undefined;
  // The pool listens for errors of idle clients only. A connection lost during the transaction
  // (a failover, a terminated backend) also rejects the query in flight, which is what callers
  // see; without a listener its error event would crash the process.
  const onConnectionError = (err: Error): void => {
    unusable ??= err;
  };
  client.on('error', onConnectionError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      unusable ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw err;
  } finally {
    // A destroyed client keeps the listener: its socket may still report the failure.
    if (unusable === undefined) client.removeListener('error', onConnectionError);
    client.release(unusable);
  }
}
