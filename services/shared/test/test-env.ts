import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SignJWT } from 'jose';
import { vi } from 'vitest';

/** The standard-port servers the services suites run against. */
export const TEST_SERVERS = {
  postgres: 'postgres://postgres@127.0.0.1:5432/postgres',
  amqp: 'amqp://guest:guest@127.0.0.1:5672',
  redis: 'redis://127.0.0.1:6379',
} as const;

export const TEST_SIGNING_KEY = 'test-signing-key-0123456789abcdef-0123456789';

/** A short random suffix that keeps databases, namespaces and queues of parallel files apart. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** Drops a test database, disconnecting whatever still uses it. */
export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVERS.postgres });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Runs one query against a named database and closes the connection. */
export async function queryDatabase<T extends pg.QueryResultRow>(
  database: string,
  sql: string,
  values: unknown[] = [],
) {
  const url = new URL(TEST_SERVERS.postgres);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Signs a token the services accept (or, with overrides, one they must reject). */
export async function signTestToken(
  options: { subject?: string; key?: string; kid?: string; expiresIn?: string | number; issuer?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', kid: options.kid ?? 'k1' })
    .setSubject(options.subject ?? 'tester')
    .setIssuer(options.issuer ?? 'cashflow-auth')
    .setAudience('cashflow')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m');
  return jwt.sign(new TextEncoder().encode(options.key ?? TEST_SIGNING_KEY));
}

/**
 * Polls `probe` with vitest's `vi.waitFor` until it returns a value other than undefined, or fails
 * naming what it awaited. Prefer `expect.poll` or `vi.waitFor` in new tests; this stays for the
 * callers that await a value by name.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      return value;
    },
    { timeout: timeoutMs, interval: 100 },
  );
}

/** A port nothing listens on (reserved briefly, then released). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
