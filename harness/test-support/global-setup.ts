import type { TestProject } from 'vitest/node';
import { RUN_DIR_MARKER } from '../core/managed-process.ts';
import { processesUnder } from '../core/process-table.ts';
import { TEST_HOMES } from './test-home.ts';

/**
 * Fails the harness run when any test left a process behind: after all files, nothing may still
 * run from a test home. Processes that were already there before (a previous crashed run) are
 * reported at the start and not blamed on this run.
 */
export default function setup(_project: TestProject) {
  const before = new Set(processesUnder(TEST_HOMES, RUN_DIR_MARKER).map((p) => p.pid));
  return () => {
    const leftovers = processesUnder(TEST_HOMES, RUN_DIR_MARKER).filter((p) => !before.has(p.pid));
    for (const p of leftovers) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (leftovers.length > 0) {
      throw new Error(
        `harness tests left ${leftovers.length} process(es) behind (now killed):\n` +
          leftovers.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 160)}`).join('\n'),
      );
    }
  };
}
