import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runsRoot } from '../core/run-dir.ts';

/** Set by the harness project's global setup; every test file of one `vitest run` shares it. */
export const TEST_RUN_VARIABLE = 'HARNESS_TEST_RUN';

/**
 * Where this test run keeps its homes: `.harness/test-homes/<run>/`. One directory per run, so
 * the leftover check of one `vitest run` never takes the servers of another running beside it for
 * its own. A file run outside the project's global setup gets a directory of its own process.
 */
export function testHomesRoot(): string {
  return join(REPO_ROOT, '.harness', 'test-homes', process.env[TEST_RUN_VARIABLE] ?? `adhoc-${process.pid}`);
}

/**
 * A harness home of one test file (its own run dirs, pid file and stack document), so tests never
 * touch a user's `harness up` nor each other. Its run dirs are where the harness itself would put
 * them (`runsRoot`): under the home, or in the temp dir when the checkout sits in a directory the
 * postgres and rabbitmq accounts cannot traverse (root's 0700 home).
 */
export function createTestHome(name: string): { path: string; runDir: (id: string) => string; remove: () => void } {
  const path = join(testHomesRoot(), `${name}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(path, { recursive: true, mode: 0o755 });
  const runs = runsRoot(path);
  return {
    path,
    runDir: (id: string) => {
      const dir = join(runs, id);
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      return dir;
    },
    remove: () => {
      rmSync(runs, { recursive: true, force: true });
      rmSync(path, { recursive: true, force: true });
    },
  };
}
