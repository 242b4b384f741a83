import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../../tls/certificate-authority.ts';
import { createTestHome } from '../../test-support/test-home.ts';
import { PostgresServer, type StartedPostgresServer } from './native-postgres-server.ts';
import { RabbitMqServer, type StartedRabbitMqServer } from './native-rabbitmq-server.ts';
import { RedisServer, type StartedRedisServer } from './native-redis-server.ts';

// One set of managed-flavour servers for the file: every test only connects, none changes state
// another test reads, so sharing them keeps the tests independent and the file fast.
const home = createTestHome('managed-flavour');
let ca: CertificateAuthority;
let postgres: StartedPostgresServer;
let rabbitmq: StartedRabbitMqServer;
let redis: StartedRedisServer;

beforeAll(async () => {
  const runDir = home.runDir('managed');
  ca = await CertificateAuthority.create(`${runDir}/ca`);
  const results = await Promise.allSettled([
    new PostgresServer().withFlavour('managed').withRunDir(runDir).withCertificateAuthority(ca).start(),
    new RabbitMqServer()
      .withFlavour('managed')
      .withRunDir(runDir)
      .withRunId(`t${process.pid}`)
      .withCertificateAuthority(ca)
      .start(),
    new RedisServer().withFlavour('managed').withRunDir(runDir).withCertificateAuthority(ca).start(),
  ] as const);
  // Keep whatever started, so afterAll stops it even when another server failed.
  if (results[0].status === 'fulfilled') postgres = results[0].value;
  if (results[1].status === 'fulfilled') rabbitmq = results[1].value;
  if (results[2].status === 'fulfilled') redis = results[2].value;
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
});

afterAll(async () => {
  await Promise.all([postgres, rabbitmq, redis].filter(Boolean).map((s) => s[Symbol.asyncDispose]()));
  home.remove();
});

async function pgError(config: pg.ClientConfig): Promise<{ code?: string; message: string }> {
  const client = new pg.Client({ connectionTimeoutMillis: 5_000, ...config });
  try {
    await client.connect();
    await client.end();
    return { message: 'connected' };
  } catch (error) {
    await client.end().catch(() => undefined);
    return error as { code?: string; message: string };
  }
}

describe('managed PostgreSQL', () => {
  it('accepts verify-full against the harness CA, as the non-superuser app role owning the databases', async () => {
    const client = new pg.Client({ connectionString: postgres.getDatabaseUri('cashflow_db') });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT current_user AS who, ssl, r.rolsuper, pg_get_userbyid(d.datdba) AS owner
           FROM pg_stat_ssl s, pg_roles r, pg_database d
          WHERE s.pid = pg_backend_pid() AND r.rolname = current_user AND d.datname = current_database()`,
      );
      expect(rows).toEqual([{ who: 'app', ssl: true, rolsuper: false, owner: 'app' }]);
    } finally {
      await client.end();
    }
  });

  it('refuses plain TCP', async () => {
    const error = await pgError({
      ...postgres.getCredentials(),
      host: '127.0.0.1',
      port: postgres.getPort(),
      user: 'app',
      ssl: false,
    });
    expect(error.code).toBe('28000');
    expect(error.message).toContain('no encryption');
  });

  it('refuses a wrong password, and the postgres superuser over TCP', async () => {
    const ssl = { ca: readFileSync(ca.caFile, 'utf8') };
    const base = { host: '127.0.0.1', port: postgres.getPort(), database: 'postgres', ssl };
    expect((await pgError({ ...base, user: 'app', password: 'wrong-password' })).code).toBe('28P01');
    expect((await pgError({ ...base, user: 'postgres', password: 'postgres' })).code).toBe('28P01');
  });

  it('fails verification without the harness CA (the certificate really is checked)', async () => {
    const error = await pgError({
      ...postgres.getCredentials(),
      user: 'app',
      host: '127.0.0.1',
      port: postgres.getPort(),
      ssl: { rejectUnauthorized: true },
    });
    expect(error.message).toMatch(/self[- ]signed|unable to (get|verify)/i);
  });
});

describe('managed RabbitMQ', () => {
  const tls = () => ({ ca: [readFileSync(ca.caFile)], timeout: 5_000 });

  it('accepts amqps as admin with the generated password and verifies the certificate', async () => {
    expect(rabbitmq.getCredentials().password?.length).toBeGreaterThanOrEqual(12);
    const connection = await amqp.connect(rabbitmq.getConnectionUri(), tls());
    try {
      const channel = await connection.createChannel();
      const queue = await channel.assertQueue('', { exclusive: true });
      expect(queue.queue).toMatch(/^amq\.gen-/);
    } finally {
      await connection.close();
    }
  });

  it('refuses plain AMQP on its port', async () => {
    const url = new URL(rabbitmq.getConnectionUri());
    url.protocol = 'amqp:';
    await expect(amqp.connect(url.href, { timeout: 5_000 })).rejects.toThrow();
  });

  it('has no guest user and refuses a wrong password', async () => {
    for (const [user, password] of [
      ['guest', 'guest'],
      ['admin', 'wrong-password'],
    ] as const) {
      const url = new URL(rabbitmq.getConnectionUri());
      url.username = user;
      url.password = password;
      await expect(amqp.connect(url.href, tls())).rejects.toThrow(/ACCESS_REFUSED|403/);
    }
  });
});

describe('managed Redis', () => {
  const client = (options: { tls: boolean; password?: string }) =>
    new Redis({
      host: '127.0.0.1',
      port: redis.getPort(),
      password: options.password,
      tls: options.tls ? { ca: [readFileSync(ca.caFile)], servername: 'localhost' } : undefined,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 3_000,
      // The ready check (INFO) would fail with NOAUTH and close the connection before the test speaks.
      enableReadyCheck: false,
    });

  it('answers over TLS with the AUTH token', async () => {
    expect(redis.getAuthToken()?.length).toBeGreaterThanOrEqual(16);
    const c = client({ tls: true, password: redis.getAuthToken() });
    try {
      await c.connect();
      expect(await c.ping()).toBe('PONG');
    } finally {
      c.disconnect();
    }
  });

  it('refuses plain TCP, a wrong token and no token', async () => {
    const plain = client({ tls: false, password: redis.getAuthToken() });
    plain.on('error', () => undefined);
    await expect(plain.connect().then(() => plain.ping())).rejects.toThrow();
    plain.disconnect();
    const tlsOnly = client({ tls: true });
    tlsOnly.on('error', () => undefined);
    try {
      await tlsOnly.connect();
      await expect(tlsOnly.get('x')).rejects.toThrow(/NOAUTH/);
      await expect(tlsOnly.auth('wrong-token-wrong-token')).rejects.toThrow(/WRONGPASS/);
      expect(await tlsOnly.auth(redis.getAuthToken() ?? '')).toBe('OK');
    } finally {
      tlsOnly.disconnect();
    }
  });
});
