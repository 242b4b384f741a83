import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../core/run-dir.ts';

/** Every harness test keeps its runs below this directory; the global teardown checks it for orphans. */
export const TEST_HOMES = join(REPO_ROOT, '.harness', 'test-homes');

/**
 * A harness home of one test file (its own run dirs, pid file and stack document), so tests never
 * touch a user's `harness up` nor each other. Under the repo, not a 0700 mkdtemp dir: the postgres
 * and rabbitmq accounts must traverse it.
 */
export function createTestHome(name: string): { path: string; runDir: (id: string) => string; remove: () => void } {
  const path = join(TEST_HOMES, `${name}-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(path, { recursive: true, mode: 0o755 });
  return {
    path,
    runDir: (id: string) => {
      const dir = join(path, 'run', id);
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      return dir;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
