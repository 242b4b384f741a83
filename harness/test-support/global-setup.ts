import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { RUN_DIR_MARKER } from '../core/managed-process.ts';
import { isAlive, processesUnder, sigkillAll } from '../core/process-table.ts';
import { testHomesRoot, TEST_RUN_VARIABLE } from './test-home.ts';

function killAll(prefix: string): ReturnType<typeof processesUnder> {
  const victims = processesUnder(prefix, RUN_DIR_MARKER);
  sigkillAll(victims);
  return victims;
}

/** Removes the test homes of earlier runs whose vitest process is gone (a crash, a Ctrl-C), processes first. */
function removeDeadRuns(homes: string): void {
  if (!existsSync(homes)) return;
  for (const entry of readdirSync(homes)) {
    const owner = /^(?:run|adhoc)-(\d+)/.exec(entry)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    killAll(`${join(homes, entry)}/`);
    rmSync(join(homes, entry), { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

/**
 * Gives this run its own test-homes directory (the workers inherit the variable), and fails the
 * run when any test left a process behind there: after all files, nothing may still run from it.
 * What dead earlier runs left is cleaned first.
 */
export default function setup(_project: TestProject) {
  process.env[TEST_RUN_VARIABLE] ??= `run-${process.pid}-${Date.now().toString(36)}`;
  const root = testHomesRoot();
  removeDeadRuns(dirname(root));
  return () => {
    const leftovers = killAll(`${root}/`);
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    if (leftovers.length > 0) {
      throw new Error(
        `harness tests left ${leftovers.length} process(es) behind (now killed):\n` +
          leftovers.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 160)}`).join('\n'),
      );
    }
  };
}
