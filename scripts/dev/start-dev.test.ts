import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pino } from 'pino';
import { expect, test } from 'vitest';
import { getFreePort } from '../../harness/core/free-port.ts';
import { isAlive } from '../../harness/core/process-table.ts';
import { createStubRepository } from '../../harness/test-support/stub-repository.ts';
import { backingServerUrls } from './backing-servers.ts';
import { startDev } from './start-dev.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

interface StubAnswer {
  service: string;
  env: Record<string, string>;
}

// Stand-in services report the environment they were started with: what docker-compose.yml gives
// them, pointed at the DEV_ servers. If `npm run dev` stopped wiring from the compose file, the
// compose-only values below (and the password carried as POSTGRES_PASSWORD) would be missing.
test('npm run dev runs each service with its docker-compose.yml environment, pointed at the DEV_ servers', async () => {
  await using repo = await createStubRepository(repoRoot);
  const frontendPort = await getFreePort();
  const logDir = join(repo.rootDir, 'logs');
  const running = await startDev({
    rootDir: repo.rootDir,
    backing: backingServerUrls({
      DEV_POSTGRES_URL: 'postgres://postgres:s%40cret@127.0.0.1:25432/ignored',
      DEV_AMQP_URL: 'amqp://127.0.0.1:25672',
      DEV_REDIS_URL: 'redis://127.0.0.1:26379',
    }),
    env: { JWT_KEY_ID: 'from-shell' },
    frontendPort,
    logDir,
    siteRoot: join(repo.rootDir, 'services', 'frontend', 'dist'),
    logger: pino({ level: 'silent' }),
  });
  const runDir = dirname(running.router.getLogFile());
  const pids = Object.values(running.services).map((service) => service.getPid()!);
  try {
    expect(running.gatewayUrl).toBe(`http://127.0.0.1:${frontendPort}/`);
    const answer = (await (await fetch(new URL('/api/consolidated/x', running.gatewayUrl))).json()) as StubAnswer;
    expect(answer.service).toBe('consolidated');
    expect(answer.env).toMatchObject({
      DATABASE_URL: 'postgres://postgres:s%40cret@127.0.0.1:25432/consolidated_db',
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:25672',
      AMQP_QUEUE_TYPE: 'quorum',
      BUS_NAMESPACE: 'Cashflow.Contracts',
      REDIS_URL: 'redis://127.0.0.1:26379',
      JWT_KEY_ID: 'from-shell',
    });
    expect(await (await fetch(new URL('/some/route', running.gatewayUrl))).text()).toContain(
      '<title>cash flow</title>',
    );
    expect(running.demoUser).toEqual({ username: 'demo', password: 'demo-password' });
    expect(existsSync(join(logDir, 'auth.log'))).toBe(true);
  } finally {
    await running.stop();
  }
  expect(pids.filter(isAlive)).toEqual([]);
  expect(existsSync(runDir)).toBe(false);
  expect(existsSync(join(logDir, 'auth.log'))).toBe(true);
});
