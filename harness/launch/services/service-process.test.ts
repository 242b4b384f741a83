import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { RUN_DIR_MARKER } from '../../core/managed-process.ts';
import { familyOf, processesMentioning, stillAlive } from '../../core/process-table.ts';
import { getFreePort } from '../../core/free-port.ts';
import { isolatedEnvironment } from './isolated-environment.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { ServiceProcess } from './service-process.ts';

// A stand-in service: answers /health/ready with its own environment as JSON.
const envServer = `
const http = require('node:http');
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(process.env));
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'launch-process-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startEnvServer(name: string, own: Record<string, string>) {
  const port = await getFreePort();
  const env = isolatedEnvironment(own, { port, extraCaFile: '/harness/ca.pem' });
  return new ServiceProcess(name, process.execPath, ['-e', envServer])
    .withEnvironment(env)
    .withListenAddress('127.0.0.1', port)
    .withLogFile(join(dir, `${name}.log`))
    .withStartupTimeout(15_000)
    .start();
}

describe('ServiceProcess', () => {
  test('the process sees only its own variables plus the documented additions', async () => {
    process.env.LAUNCH_TEST_LEAK = 'must-not-leak';
    onTestFinished(() => {
      delete process.env.LAUNCH_TEST_LEAK;
    });
    await using service = await startEnvServer('env-isolation', { DB_HOST: 'db', JWT_ISSUER: 'cashflow-auth' });
    const seen = (await (await fetch(new URL('/health/ready', service.getUrl()))).json()) as Record<string, string>;
    expect(Object.keys(seen).sort()).toEqual([
      'DB_HOST',
      'HOME',
      'HOST',
      'JWT_ISSUER',
      'NODE_EXTRA_CA_CERTS',
      'PATH',
      'PORT',
    ]);
    expect(seen).toMatchObject({ DB_HOST: 'db', HOST: '127.0.0.1', PORT: String(service.getPort()) });
    expect(seen.NODE_EXTRA_CA_CERTS).toBe('/harness/ca.pem');
  });

  test('stop, kill and start change what answers on the port', async () => {
    await using service = await startEnvServer('lifecycle', {});
    const ready = new URL('/health/ready', service.getUrl());
    const firstPid = service.getPid();
    await service.kill();
    expect(service.isRunning()).toBe(false);
    await expect(fetch(ready)).rejects.toThrow();
    await service.start();
    expect((await fetch(ready)).status).toBe(200);
    expect(service.getPid()).not.toBe(firstPid);
    await service.restart();
    expect((await fetch(ready)).status).toBe(200);
    await service.stop();
    await expect(fetch(ready)).rejects.toThrow();
    const log = await readFile(service.getLogFile(), 'utf8');
    expect(log.match(/starting lifecycle/g)).toHaveLength(3);
  });

  test('a process that exits before it is ready fails with its log tail', async () => {
    const port = await getFreePort();
    const start = new ServiceProcess('crashing', process.execPath, [
      '-e',
      'console.error("DATABASE_URL is not set"); process.exit(3)',
    ])
      .withEnvironment(isolatedEnvironment({}, { port }))
      .withListenAddress('127.0.0.1', port)
      .withLogFile(join(dir, 'crashing.log'))
      .withStartupTimeout(15_000)
      .start();
    const error = await start.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('LAUNCH_SERVICE_START_FAILED');
    expect((error as Error).message).toContain('the process ended (exited with code 3)');
    expect((error as Error).message).toContain('DATABASE_URL is not set');
  });

  test('a process that never answers times out with what was awaited and for how long', async () => {
    const port = await getFreePort();
    const error = await new ServiceProcess('silent', process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
      .withEnvironment(isolatedEnvironment({}, { port }))
      .withListenAddress('127.0.0.1', port)
      .withLogFile(join(dir, 'silent.log'))
      .withStartupTimeout(800)
      .start()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error).toMatchObject({ code: 'LAUNCH_SERVICE_START_FAILED' });
    expect(error?.message).toMatch(
      new RegExp(
        `timed out after \\d+\\.\\d s( \\(.+?\\))? waiting for silent to answer GET http://127\\.0\\.0\\.1:${port}/health/ready with 2xx`,
      ),
    );
  });

  test('the stopped handle resumes the same handle; a fresh environment is asked for at every start', async () => {
    const port = await getFreePort();
    let starts = 0;
    const service = await new ServiceProcess('resumed', process.execPath, ['-e', envServer])
      .withEnvironment(async () => isolatedEnvironment({ START: String(++starts) }, { port }))
      .withListenAddress('127.0.0.1', port)
      .withLogFile(join(dir, 'resumed.log'))
      .start();
    onTestFinished(() => service.stop().then(() => undefined));
    const stopped = await service.stop();
    expect(await stopped.start()).toBe(service);
    const seen = (await (await fetch(new URL('/health/ready', service.getUrl()))).json()) as Record<string, string>;
    expect(seen.START).toBe('2');
    expect(service.getEnvironment().START).toBe('2');
  });

  test('a change to the environment holds for one start only (a fault injected on a restart)', async () => {
    await using service = await startEnvServer('changed', { AMQP_URL: 'amqp://127.0.0.1:5672' });
    const seen = async () =>
      (await (await fetch(new URL('/health/ready', service.getUrl()))).json()) as Record<string, string>;
    // WHEN it is restarted with a variable added and one endpoint rewritten
    const killed = await service.kill();
    await killed.start((env) => ({ ...env, AMQP_URL: 'amqp://127.0.0.1:6000', TEST_ONLY_FLAG: '1' }));
    // THEN that start sees the change
    expect(await seen()).toMatchObject({ AMQP_URL: 'amqp://127.0.0.1:6000', TEST_ONLY_FLAG: '1' });
    // AND the next plain start has the recorded environment again
    await service.stop();
    await service.start();
    const after = await seen();
    expect(after.AMQP_URL).toBe('amqp://127.0.0.1:5672');
    expect(after.TEST_ONLY_FLAG).toBeUndefined();
  });

  test('an environment that cannot be computed fails the start before anything is spawned', async () => {
    const port = await getFreePort();
    const logFile = join(dir, 'no-env.log');
    const error = await new ServiceProcess('no-env', process.execPath, ['-e', envServer])
      .withEnvironment(async () => {
        throw new Error('secret not found');
      })
      .withListenAddress('127.0.0.1', port)
      .withLogFile(logFile)
      .start()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toBe('secret not found');
    await expect(readFile(logFile, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  test('readiness needs 2xx: a service answering 503 is not ready', async () => {
    const port = await getFreePort();
    const error = await new ServiceProcess('unready', process.execPath, [
      '-e',
      `require('node:http').createServer((q, r) => { r.statusCode = 503; r.end(); }).listen(${port}, '127.0.0.1')`,
    ])
      .withEnvironment(isolatedEnvironment({}, { port }))
      .withListenAddress('127.0.0.1', port)
      .withLogFile(join(dir, 'unready.log'))
      .withStartupTimeout(1_000)
      .start()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toContain('last attempt said: HTTP 503');
  });

  test('without a harness variable, the run dir finds the whole family by its pid file; kill ends all of it', async () => {
    const port = await getFreePort();
    const runDir = join(dir, 'run-family');
    const service = await new ServiceProcess('family', process.execPath, [
      '-e',
      `require('node:child_process').spawn('sleep', ['300'], { stdio: 'ignore' });` +
        `require('node:http').createServer((q, r) => r.end()).listen(${port}, '127.0.0.1')`,
    ])
      .withEnvironment(isolatedEnvironment({}, { port }))
      .withListenAddress('127.0.0.1', port)
      .withLogFile(join(dir, 'family.log'))
      .withRunDir(runDir)
      .start();
    onTestFinished(() => service.kill().then(() => undefined));
    const pid = service.getPid()!;
    await expect.poll(() => familyOf(pid).length).toBe(2);
    const family = familyOf(pid);
    expect(
      processesMentioning(runDir, RUN_DIR_MARKER)
        .map((p) => p.pid)
        .sort(),
    ).toEqual(family.map((p) => p.pid).sort());
    await service.kill();
    expect(family.filter(stillAlive)).toEqual([]);
    expect(processesMentioning(runDir, RUN_DIR_MARKER)).toEqual([]);
  });
});
