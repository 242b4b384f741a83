import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { getFreePort } from '../core/free-port.ts';
import { isolatedEnvironment } from './isolated-environment.ts';
import { ServiceProcess, ServiceStartError } from './service-process.ts';

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
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as ServiceStartError).code).toBe('LAUNCH_SERVICE_START_FAILED');
    expect((error as Error).message).toContain('the process ended (exit code 3)');
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
    expect(error?.message).toContain(`http://127.0.0.1:${port}/health/ready was not ready after 800 ms`);
  });
});
