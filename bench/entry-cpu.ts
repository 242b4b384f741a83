/**
 * `npx tsx bench/entry-cpu.ts`: the CPU an entry costs on the write path. It starts consolidated and
 * cashflow as processes of their own (as the compose profile runs them) against the standard-port
 * PostgreSQL, RabbitMQ and Redis, each on databases, a bus namespace and a Redis prefix of the run's
 * own; posts the write-then-read scenario's entries straight to cashflow at a fixed concurrency;
 * waits until consolidated has applied every one; and divides each process's CPU time (utime +
 * stime from /proc/<pid>/stat) over the measured window by the entries. CPU time per entry moves
 * much less than entries/s when other builds share the cores.
 *
 * `--root <dir>` runs the services of another checkout (e.g. a worktree of the code before a
 * change), so before and after are measured by the same method.
 *
 * Every wait is bounded: a service must be ready within 60 s, the entries applied within 120 s; the
 * processes are stopped and the run's databases, queues, exchanges and keys removed whatever happens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import pg from 'pg';
import { Pool } from 'undici';
import { projectNode } from '../harness/core/project-node.ts';
import { REPO_ROOT } from '../harness/index.ts';
import { entryOf } from '../load/scenarios.ts';

const SERVERS = {
  postgres: 'postgres://postgres@127.0.0.1:5432/postgres',
  amqp: 'amqp://guest:guest@127.0.0.1:5672',
  redis: 'redis://127.0.0.1:6379',
};
const SIGNING_KEY = 'bench-signing-key-0123456789abcdef-0123456789';

const options = new Command('bench/entry-cpu.ts')
  .description('CPU per entry of cashflow and consolidated, measured on the standard-port servers')
  .option('--root <dir>', 'the checkout whose services run', REPO_ROOT)
  .option('--entries <n>', 'entries in the measured window', '3000')
  .option('--warmup <n>', 'entries before the window (JIT, pools, connections)', '500')
  .option('--concurrency <n>', 'requests in flight', '20')
  .option('--runs <n>', 'runs; the median is reported', '3')
  .option('--log-level <level>', "the services' LOG_LEVEL", 'info')
  .option('--cpu-prof <dir>', 'also write a V8 CPU profile of each service process into <dir>')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse()
  .opts<{
    root: string;
    entries: string;
    warmup: string;
    concurrency: string;
    runs: string;
    logLevel: string;
    cpuProf?: string;
  }>();

const log = (message: string) => process.stderr.write(`[entry-cpu] ${message}\n`);

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces: utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * A service process, its log written to a file as the harness writes it; resolves once `ready`
 * answers true (polled every 200 ms, 60 s at most).
 */
async function startService(
  root: string,
  name: string,
  env: Record<string, string>,
  logDir: string,
  ready: () => Promise<boolean>,
) {
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
  const profile = options.cpuProf === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProf)}`];
  const log = openSync(join(logDir, `${name}.log`), 'w');
  const child = spawn(projectNode(), [...profile, '--import', tsx, join(root, 'services', name, 'src', 'server.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', log, 'inherit'],
  });
  closeSync(log);
  const deadline = Date.now() + 60_000;
  while (!(await ready().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) throw new Error(`${name} was not ready within 60 s`);
    await sleep(200);
  }
  return child;
}

/** Whether the queue has a consumer: consolidated's receive endpoint is attached. */
async function consumed(queue: string): Promise<boolean> {
  const connection = await connect(SERVERS.amqp);
  try {
    const channel = await connection.createChannel();
    // A queue not declared yet closes the channel; that only means "not yet".
    channel.on('error', () => undefined);
    return (await channel.checkQueue(queue)).consumerCount > 0;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function answers(url: string): Promise<boolean> {
  const response = await fetch(url);
  return response.status === 200;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

async function onDatabase<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(SERVERS.postgres);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function cleanUp(suffix: string, endpoint: string, exchange: string): Promise<void> {
  await onDatabase('postgres', async (client) => {
    for (const db of [`cashflow_db_b${suffix}`, `consolidated_db_b${suffix}`]) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(db)} WITH (FORCE)`);
    }
  });
  const connection = await connect(SERVERS.amqp);
  try {
    const channel = await connection.createChannel();
    for (const queue of [endpoint, `${endpoint}_error`, `${endpoint}_skipped`]) await channel.deleteQueue(queue);
    for (const name of [endpoint, `${endpoint}_error`, `${endpoint}_skipped`, exchange]) {
      await channel.deleteExchange(name);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
  const redis = new Redis(SERVERS.redis);
  try {
    // SCAN is bounded by the keyspace; each batch of keys of this run is deleted as it comes.
    for await (const keys of redis.scanStream({ match: `b${suffix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

interface RunResult {
  readonly cashflowUs: number;
  readonly consolidatedUs: number;
  readonly entriesPerSecond: number;
  /** From the last 201 to the last entry applied: the backlog the relay and the consumer left (within a 100 ms poll). */
  readonly drainMs: number;
}

async function runOnce(root: string, entries: number, warmup: number, concurrency: number): Promise<RunResult> {
  const suffix = randomBytes(4).toString('hex');
  const namespace = `Bench${suffix}`;
  const endpoint = `entry-registered-b${suffix}`;
  const common = {
    LOG_LEVEL: options.logLevel,
    AMQP_URL: SERVERS.amqp,
    BUS_NAMESPACE: namespace,
    REDIS_URL: SERVERS.redis,
    REDIS_KEY_PREFIX: `b${suffix}:`,
    JWT_SIGNING_KEY: SIGNING_KEY,
    HOST: '127.0.0.1',
  };
  const database = (name: string) => {
    const url = new URL(SERVERS.postgres);
    url.pathname = `/${name}_db_b${suffix}`;
    return url.href;
  };
  let consolidated: ChildProcess | undefined;
  let cashflow: ChildProcess | undefined;
  const logDir = mkdtempSync(join(tmpdir(), 'entry-cpu-'));
  try {
    consolidated = await startService(
      root,
      'consolidated',
      {
        ...common,
        PORT: String(await freePort()),
        DATABASE_URL: database('consolidated'),
        BUS_ENDPOINT_NAME: endpoint,
      },
      logDir,
      () => consumed(endpoint),
    );
    const port = await freePort();
    cashflow = await startService(
      root,
      'cashflow',
      { ...common, PORT: String(port), DATABASE_URL: database('cashflow') },
      logDir,
      () => answers(`http://127.0.0.1:${port}/health/ready`),
    );
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('bench')
      .setIssuer('cashflow-auth')
      .setAudience('cashflow')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SIGNING_KEY));
    const http = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency });
    const runTag = randomUUID();
    const firstDate = '2200-01-01';
    let next = 0;
    const post = async (limit: number) => {
      while (next < limit) {
        const i = next++;
        const response = await http.request({
          path: '/api/cashflow/entries',
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `${runTag}-${i}`,
          },
          body: JSON.stringify(entryOf(firstDate, i)),
        });
        await response.body.dump();
        if (response.statusCode !== 201) throw new Error(`entry ${i} was answered ${response.statusCode}`);
      }
    };
    const applied = () =>
      onDatabase(`consolidated_db_b${suffix}`, async (client) => {
        const { rows } = await client.query<{ n: string }>('SELECT coalesce(sum(entries), 0) AS n FROM daily_balances');
        return Number(rows[0]?.n ?? 0);
      });
    const allApplied = async (count: number) => {
      const deadline = Date.now() + 120_000;
      while ((await applied()) < count) {
        if (Date.now() > deadline) throw new Error(`consolidated applied fewer than ${count} entries within 120 s`);
        await sleep(100);
      }
    };
    const burst = async (limit: number) => Promise.all(Array.from({ length: concurrency }, () => post(limit)));

    await burst(warmup);
    await allApplied(warmup);
    const before = { cashflow: cpuMs(cashflow.pid!), consolidated: cpuMs(consolidated.pid!), at: performance.now() };
    await burst(warmup + entries);
    const postedAt = performance.now();
    await allApplied(warmup + entries);
    const appliedAt = performance.now();
    const after = { cashflow: cpuMs(cashflow.pid!), consolidated: cpuMs(consolidated.pid!) };
    await http.close();
    return {
      cashflowUs: ((after.cashflow - before.cashflow) * 1000) / entries,
      consolidatedUs: ((after.consolidated - before.consolidated) * 1000) / entries,
      entriesPerSecond: entries / ((postedAt - before.at) / 1000),
      drainMs: appliedAt - postedAt,
    };
  } finally {
    await stop(cashflow);
    await stop(consolidated);
    rmSync(logDir, { recursive: true, force: true });
    await cleanUp(suffix, endpoint, `${namespace}:EntryRegistered`).catch((err: unknown) =>
      log(`clean-up failed: ${(err as Error).message}`),
    );
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const root = resolve(options.root);
const results: RunResult[] = [];
for (let run = 1; run <= Number(options.runs); run++) {
  const result = await runOnce(root, Number(options.entries), Number(options.warmup), Number(options.concurrency));
  log(
    `run ${run}: cashflow ${result.cashflowUs.toFixed(0)} us/entry, consolidated ${result.consolidatedUs.toFixed(0)} ` +
      `us/entry, ${result.entriesPerSecond.toFixed(0)} entries/s posted, all applied ${result.drainMs.toFixed(0)} ms after`,
  );
  results.push(result);
}
const summary = {
  root,
  entries: Number(options.entries),
  concurrency: Number(options.concurrency),
  runs: results,
  median: {
    cashflowUs: median(results.map((r) => r.cashflowUs)),
    consolidatedUs: median(results.map((r) => r.consolidatedUs)),
    entriesPerSecond: median(results.map((r) => r.entriesPerSecond)),
    drainMs: median(results.map((r) => r.drainMs)),
  },
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
