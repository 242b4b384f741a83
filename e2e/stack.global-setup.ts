import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { DevStack } from '../scripts/dev/dev-stack.ts';
import { backingServerUrls } from '../scripts/dev/local-environment.ts';
import { RunIsolation } from './run-isolation.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The nginx frontend of the stack under test, e.g. `http://127.0.0.1:41234/`. */
    e2eBaseUrl: string;
    e2eDemoUser: { username: string; password: string };
  }
}

const ROOT = join(import.meta.dirname, '..');

/**
 * Starts the system the way `npm run dev` does (same code), but on free ports and with this
 * run's own databases, bus names and Redis keys; returns the teardown that stops it and
 * removes that state.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = pino({ name: 'e2e', level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const backing = backingServerUrls(process.env);
  const isolation = new RunIsolation();
  const spaDir = await mkdtemp(join(tmpdir(), 'e2e-spa-'));
  const busEnvironment = { BUS_NAMESPACE: isolation.busNamespace };

  let stack;
  try {
    stack = await new DevStack(ROOT, backing)
      .withFrontendPort(0)
      .withDatabasePrefix(isolation.databasePrefix)
      .withServiceEnvironment('cashflow', { ...busEnvironment, REDIS_KEY_PREFIX: isolation.redisKeyPrefix('cashflow') })
      .withServiceEnvironment('consolidated', {
        ...busEnvironment,
        BUS_ENDPOINT_NAME: isolation.endpointName,
        REDIS_KEY_PREFIX: isolation.redisKeyPrefix('consolidated'),
      })
      .withSpaOutDir(spaDir)
      .withLogDir(join(ROOT, 'reports', 'e2e', 'logs'))
      .withLogger(logger)
      .start();
  } catch (error) {
    await cleanUp();
    throw error;
  }

  const demo = stack.getDemoCredentials();
  if (demo === undefined) {
    await stack.stop();
    await cleanUp();
    throw new Error('docker-compose.yml gives auth no DEMO_USERNAME/DEMO_PASSWORD: the browser test cannot sign in');
  }
  project.provide('e2eBaseUrl', stack.getUrl());
  project.provide('e2eDemoUser', demo);

  async function cleanUp(): Promise<void> {
    for (const problem of await isolation.cleanUp(backing)) logger.error({ problem }, 'e2e cleanup incomplete');
    await rm(spaDir, { recursive: true, force: true });
  }

  return async () => {
    await stack.stop();
    await cleanUp();
  };
}
