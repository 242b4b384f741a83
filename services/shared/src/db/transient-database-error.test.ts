import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { TEST_SERVERS } from '../../test/test-env.ts';
import { isTransientDatabaseError } from './transient-database-error.ts';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isTransientDatabaseError', () => {
  it('is true for a server that cannot be reached, is shutting down or starting', () => {
    expect(isTransientDatabaseError(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe(true);
    expect(isTransientDatabaseError(withCode('terminating connection due to administrator command', '57P01'))).toBe(
      true,
    );
    expect(isTransientDatabaseError(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isTransientDatabaseError(withCode('connection failure', '08006'))).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDatabaseError(new AggregateError([withCode('connect', 'ECONNREFUSED')]))).toBe(true);
  });

  it('is false for what the statement or the data got wrong', () => {
    expect(isTransientDatabaseError(withCode('new row violates check constraint', '23514'))).toBe(false);
    expect(isTransientDatabaseError(withCode('syntax error', '42601'))).toBe(false);
    expect(isTransientDatabaseError(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isTransientDatabaseError('not an error')).toBe(false);
  });

  it('recognises what pg really throws when nothing listens', async () => {
    const url = new URL(TEST_SERVERS.postgres);
    url.port = '1';
    const client = new pg.Client({ connectionString: url.href, connectionTimeoutMillis: 2_000 });
    const error = await client.connect().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isTransientDatabaseError(error)).toBe(true);
  });
});
