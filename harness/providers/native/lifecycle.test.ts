import { createServer, type Server } from 'node:net';
import { existsSync } from 'node:fs';
import amqp from 'amqplib';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_DIR_MARKER } from '../../core/managed-process.ts';
import { processesMentioning } from '../../core/process-table.ts';
import { getFreePort } from '../../core/free-port.ts';
import { createTestHome } from '../../test-support/test-home.ts';
import { PostgresServer } from './native-postgres-server.ts';
import { RabbitMqServer } from './native-rabbitmq-server.ts';
import { RedisServer } from './native-redis-server.ts';

// Each test owns its server (own run dir, own ports): killing one never disturbs another test.
const home = createTestHome('lifecycle');
afterAll(() => home.remove());

async function pgQuery(uri: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: uri, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('native PostgreSQL lifecycle', () => {
  it('kill() then start(): same port, committed rows kept, clients reconnect', async () => {
    await using server = await new PostgresServer().withRunDir(home.runDir('pg-kill')).start();
    const uri = server.getDatabaseUri('cashflow_db');
    await pgQuery(uri, `CREATE TABLE entries (id int primary key, cents bigint); INSERT INTO entries VALUES (1, 1050)`);
    const port = server.getPort();

    const stopped = await server.kill();
    expect(server.isRunning()).toBe(false);
    await expect(pgQuery(uri, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    const again = await stopped.start();
    expect(again).toBe(server);
    expect(again.getPort()).toBe(port);
    expect(await pgQuery(uri, 'SELECT id, cents FROM entries')).toEqual([{ id: 1, cents: '1050' }]);
  });

  it('restart() keeps data and port, and shuts down cleanly while clients are connected', async () => {
    await using server = await new PostgresServer().withRunDir(home.runDir('pg-restart')).start();
    const uri = server.getDatabaseUri('auth_db');
    await pgQuery(uri, `CREATE TABLE users (name text); INSERT INTO users VALUES ('ana')`);
    const connected = new pg.Client({ connectionString: uri });
    connected.on('error', () => undefined);
    await connected.connect();

    await server.restart();

    // A clean (fast) shutdown, not the SIGKILL fallback after waiting for the client to leave.
    expect(server.logTail(60)).toContain('received fast shutdown request');
    expect(server.logTail(60)).not.toMatch(/not properly shut down|was interrupted/);
    expect(await pgQuery(uri, 'SELECT name FROM users')).toEqual([{ name: 'ana' }]);
    await connected.end().catch(() => undefined);
  });

  it('a failed start cleans up what it began and shows the server log tail', async () => {
    const blocker: Server = createServer();
    const port = await getFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const runDir = home.runDir('pg-fail');
    try {
      const error = await new PostgresServer()
        .withRunDir(runDir)
        .withPort(port)
        .withStartupTimeout(60_000)
        .start()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'START_FAILED' });
      expect((error as Error).message).toContain('--- last lines of');
      expect((error as Error).message).toMatch(/could not (create|bind)|Address already in use/);
      expect(existsSync(`${runDir}/postgres-compose`)).toBe(false);
      expect(processesMentioning(runDir, RUN_DIR_MARKER)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});

describe('native Redis lifecycle', () => {
  it('kill() then start() keeps data written with appendfsync always', async () => {
    await using server = await new RedisServer().withRunDir(home.runDir('redis')).withAppendFsync('always').start();
    const client = server.createClient();
    client.on('error', () => undefined);
    try {
      await client.set('balance:2026-01-01', '1050');
      await server.kill();
      await expect(client.get('balance:2026-01-01')).rejects.toThrow();
      await (await server.kill()).start();
    } finally {
      client.disconnect();
    }
    const fresh = server.createClient();
    try {
      expect(await fresh.get('balance:2026-01-01')).toBe('1050');
      await server.restart();
    } finally {
      fresh.disconnect();
    }
    const afterRestart = server.createClient();
    try {
      expect(await afterRestart.get('balance:2026-01-01')).toBe('1050');
    } finally {
      afterRestart.disconnect();
    }
  });
});

describe('native RabbitMQ lifecycle', () => {
  it('kill() then start(), and restart(): same port, durable messages kept, clients reconnect', async () => {
    await using server = await new RabbitMqServer()
      .withRunDir(home.runDir('rabbit'))
      .withRunId(`lc${process.pid}`)
      .start();
    const queue = 'entry-registered-lifecycle';
    const publish = async (body: string) => {
      const connection = await amqp.connect(server.getConnectionUri());
      try {
        const channel = await connection.createConfirmChannel();
        await channel.assertQueue(queue, { durable: true });
        channel.sendToQueue(queue, Buffer.from(body), { persistent: true });
        await channel.waitForConfirms();
      } finally {
        await connection.close();
      }
    };
    const take = async () => {
      const connection = await amqp.connect(server.getConnectionUri());
      try {
        const channel = await connection.createChannel();
        const message = await channel.get(queue, { noAck: true });
        return message ? message.content.toString() : undefined;
      } finally {
        await connection.close();
      }
    };

    // The graceful restart comes first, so the crash then tests what a crash must keep: a confirmed
    // persistent message in a queue that already existed. Whether a declaration made milliseconds
    // before a SIGKILL survives is not this test's business (under load it once did not).
    await publish('first');
    const port = server.getPort();
    await server.restart();
    expect(server.getPort()).toBe(port);
    expect(await take()).toBe('first');

    await publish('second');
    await (await server.kill()).start();
    expect(server.getPort()).toBe(port);
    expect(await take()).toBe('second');
  });
});
