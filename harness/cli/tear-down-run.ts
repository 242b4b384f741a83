import { killOwnDescendants } from '../cleanup/own-descendants.ts';
import { killRunAndRemove } from '../cleanup/stale-runs.ts';
import type { StartedStack, StepEvent } from '../up/start-stack.ts';
import { removeOwnPidFile } from './pid-file.ts';

/**
 * Stops a run of `up` or `verify`: the stack through its handles once it is up; before that (a
 * step still running, so no handle to ask) every process this CLI started and its run dir.
 */
export async function tearDownRun(run: {
  readonly stack: StartedStack | undefined;
  readonly home: string;
  readonly runDir: string;
  readonly runId: string;
}): Promise<void> {
  try {
    if (run.stack) await run.stack.stop();
    else {
      await killOwnDescendants();
      await killRunAndRemove(run.runDir, `run ${run.runId}`);
    }
  } finally {
    removeOwnPidFile(run.home);
  }
}

/** The progress line of a step of `startStack`, as `up` and `verify` print it. */
export function stepProgressLine(event: StepEvent): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  if (event.phase === 'start') return `  ... ${event.step}`;
  if (event.phase === 'done') return `  ok  ${event.step} (${seconds(event.ms)})`;
  return `  FAILED ${event.step} after ${seconds(event.ms)}`;
}
