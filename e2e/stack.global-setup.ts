import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { backingServerSteps, REPO_ROOT, RUN_DIR_MARKER, startStack, type StartedStack } from '../harness/index.ts';
import { processesUnder, sigkillAll, type ProcessInfo } from '../harness/core/process-table.ts';
import { launchComposeProfile, type LaunchedProfile } from '../harness/launch/index.ts';
import { buildSpa } from '../scripts/dev/build-spa.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The nginx frontend of the stack under test, e.g. `http://127.0.0.1:41234/`. */
    e2eBaseUrl: string;
    e2eDemoUser: { username: string; password: string };
  }
}

/**
 * Runs the system as docker-compose wires it (the compose launcher `npm run dev` and
 * `harness up --profile compose` use) on backing servers the harness starts for this run alone,
 * so no other suite's data or messages can meet the browser test's, and nothing is left on the
 * machine's own servers. The SPA is built fresh into a temp dir: the test must see today's
 * sources, and rebuilding services/frontend/dist could pull it from under another run.
 * Returns the teardown, which fails if any process of the run outlives it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = pino({ name: 'e2e', level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const home = createE2eHome();
  const spaDir = await mkdtemp(join(tmpdir(), 'e2e-spa-'));
  let stack: StartedStack | undefined;
  let launched: LaunchedProfile | undefined;
  let launchDir: string | undefined;

  async function teardown(): Promise<void> {
    // Found as the harness finds a stale run's processes: by the run dir (pid files, command line,
    // marker). The services' pid files are in the stack's run dir, which stopping the stack deletes,
    // so they are looked for before that, and the backing servers after.
    const leftovers = new Map<number, ProcessInfo>();
    const note = (found: readonly ProcessInfo[]) => found.forEach((p) => leftovers.set(p.pid, p));
    try {
      await launched?.stop();
      if (launchDir !== undefined) note(processesUnder(launchDir, RUN_DIR_MARKER));
      await stack?.stop();
    } finally {
      note(processesUnder(home, RUN_DIR_MARKER));
      sigkillAll([...leftovers.values()]);
      await rm(spaDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
      // The parent holds the homes of runs going on at the same time; it goes only when empty.
      try {
        rmdirSync(dirname(home));
      } catch {
        // ENOTEMPTY: another run's home is in it.
      }
    }
    if (leftovers.size > 0) {
      const lines = [...leftovers.values()].map((p) => `  ${p.pid} ${p.cmdline.slice(0, 160)}`);
      throw new Error(`the e2e stack left ${lines.length} process(es) behind (now killed):\n${lines.join('\n')}`);
    }
  }

  try {
    // The build and the server starts overlap; both settle first, so a started stack is never lost.
    const [built, started] = await Promise.allSettled([
      buildSpa(REPO_ROOT, spaDir, logger),
      startStack({ home, profile: 'compose', provider: 'native', steps: backingServerSteps() }),
    ]);
    if (started.status === 'fulfilled') stack = started.value;
    if (built.status === 'rejected') throw built.reason;
    if (started.status === 'rejected') throw started.reason;
    const backing = started.value.profile('compose');
    launchDir = join(started.value.runDir, 'launch-compose');
    launched = await launchComposeProfile({
      rootDir: REPO_ROOT,
      runDir: launchDir,
      logDir: join(REPO_ROOT, 'reports', 'e2e', 'logs'),
      logger,
      backing,
      // The server's password reaches the services as compose carries one, through the variable
      // its DATABASE_URLs are built from, whatever POSTGRES_PASSWORD the shell running the tests has.
      interpolationEnv: { ...process.env, POSTGRES_PASSWORD: backing.postgres.getCredentials().password },
      siteRoot: built.value,
    });
    if (launched.demoUser === undefined) {
      throw new Error('docker-compose.yml gives auth no DEMO_USERNAME/DEMO_PASSWORD: the browser test cannot sign in');
    }
  } catch (error) {
    await teardown().catch((cleanupError: unknown) => logger.error({ err: cleanupError }, 'e2e teardown failed'));
    throw error;
  }

  project.provide('e2eBaseUrl', launched.gatewayUrl);
  project.provide('e2eDemoUser', launched.demoUser);
  return teardown;
}

/**
 * The harness home of this run: its run dirs, found by their path when checking for leftovers.
 * Under the repository, as the postgres and rabbitmq accounts must traverse it; not under
 * `.harness/test-homes/`, whose processes a harness test run going on at the same time would
 * take for its own leftovers and kill.
 */
function createE2eHome(): string {
  const home = join(REPO_ROOT, '.harness', 'e2e-homes', `${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(home, { recursive: true, mode: 0o755 });
  return home;
}
