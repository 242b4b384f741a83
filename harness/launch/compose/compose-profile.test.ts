import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { expect, test } from 'vitest';
import { getFreePort } from '../../core/free-port.ts';
import { launchComposeProfile } from './compose-profile.ts';
import { createStubRepository } from '../../test-support/stub-repository.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

interface StubAnswer {
  service: string;
  url: string;
  env: Record<string, string>;
}

test('the compose profile runs each service with its compose environment behind the frontend template', async () => {
  await using repo = await createStubRepository(repoRoot);
  const listening = (port: number) => ({ getHost: () => '127.0.0.1', getPort: () => port });
  await using launched = await launchComposeProfile({
    rootDir: repo.rootDir,
    runDir: join(repo.rootDir, 'run'),
    logger: pino({ level: 'silent' }),
    backing: {
      postgres: listening(25432),
      rabbitmq: { ...listening(25672), getManagementUri: () => 'http://127.0.0.1:25673/' },
      redis: listening(26379),
    },
    interpolationEnv: { POSTGRES_PASSWORD: 'from-shell' },
  });
  const get = async (path: string) => fetch(new URL(path, launched.gatewayUrl));

  const cashflow = (await (await get('/api/cashflow/entries?page=1')).json()) as StubAnswer;
  expect(cashflow.service).toBe('cashflow');
  expect(cashflow.url).toBe('/api/cashflow/entries?page=1');
  expect(cashflow.env).toMatchObject({
    DATABASE_URL: 'postgres://postgres:from-shell@127.0.0.1:25432/cashflow_db',
    AMQP_URL: 'amqp://guest:guest@127.0.0.1:25672',
    REDIS_URL: 'redis://127.0.0.1:26379',
    HOST: '127.0.0.1',
    PORT: String(launched.services.cashflow.getPort()),
  });
  // Exactly the compose keys plus PATH and HOME: nothing leaks from the test runner's env.
  expect(Object.keys(cashflow.env).sort()).toEqual(
    [
      'AMQP_URL',
      'BUS_NAMESPACE',
      'DATABASE_URL',
      'HOME',
      'HOST',
      'JWT_AUDIENCE',
      'JWT_ISSUER',
      'JWT_KEY_ID',
      'JWT_SIGNING_KEY',
      'LOG_LEVEL',
      'PATH',
      'PORT',
      'REDIS_URL',
      'TRUST_PROXY_HOPS',
    ].sort(),
  );
  expect(((await (await get('/api/auth/login')).json()) as StubAnswer).service).toBe('auth');
  expect(((await (await get('/api/consolidated/balances/2026-11-29')).json()) as StubAnswer).service).toBe(
    'consolidated',
  );
  expect(await (await get('/some/spa/route')).text()).toContain('<title>cash flow</title>');
  expect(launched.demoUser).toEqual({ username: 'demo', password: 'demo-password' });

  await launched.services.cashflow.kill();
  expect((await get('/api/cashflow/entries')).status).toBe(502);
  await launched.services.cashflow.start();
  expect((await get('/api/cashflow/entries')).status).toBe(200);
});

test('the compose profile takes a fixed router port, a log directory and a prebuilt SPA from its caller', async () => {
  await using repo = await createStubRepository(repoRoot);
  const siteRoot = join(repo.rootDir, 'prebuilt-site');
  await mkdir(siteRoot, { mode: 0o755 });
  await writeFile(join(siteRoot, 'index.html'), '<!doctype html><title>prebuilt</title>');
  const listening = (port: number) => ({ getHost: () => '127.0.0.1', getPort: () => port });
  const routerPort = await getFreePort();
  const logDir = join(repo.rootDir, 'logs');
  await using launched = await launchComposeProfile({
    rootDir: repo.rootDir,
    runDir: join(repo.rootDir, 'run'),
    logger: pino({ level: 'silent' }),
    backing: { postgres: listening(25432), rabbitmq: listening(25672), redis: listening(26379) },
    interpolationEnv: {},
    routerPort,
    logDir,
    siteRoot,
  });

  expect(launched.gatewayUrl).toBe(`http://127.0.0.1:${routerPort}/`);
  expect(await (await fetch(new URL('/any/route', launched.gatewayUrl))).text()).toContain('<title>prebuilt</title>');
  expect(launched.services.auth.getLogFile()).toBe(join(logDir, 'auth.log'));
  expect(existsSync(join(logDir, 'consolidated.log'))).toBe(true);
});
