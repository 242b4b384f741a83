import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startStack, type StartedStack } from '../../harness/index.ts';
import type { ConsolidatedControl } from './write-then-read-runner.ts';
import { loadTargetFromDocument } from './load-target.ts';
import type { LoadTarget } from './open-model-runner.ts';

/** A stack the runner started for one run: its target, consolidated's controls, and its teardown. */
export interface OwnStack extends AsyncDisposable {
  readonly target: LoadTarget;
  readonly consolidated: ConsolidatedControl;
  stop(): Promise<void>;
}

/**
 * Starts one profile the way `harness up` does, in a home of its own (`.harness/load-home/`, never
 * the user's `.harness/` and its stack document), for runs that must kill and restart a service.
 */
export async function startOwnStack(profile: 'compose' | 'aws', onStep?: (message: string) => void): Promise<OwnStack> {
  const home = join(REPO_ROOT, '.harness', 'load-home');
  mkdirSync(home, { recursive: true, mode: 0o755 });
  const stack: StartedStack = await startStack({
    profile,
    home,
    runId: `load-${Date.now().toString(36)}`,
    onStep: (event) => {
      if (event.phase !== 'start') onStep?.(`${event.step} ${event.phase} in ${event.ms} ms`);
    },
  });
  try {
    const launched = stack.state.launched[profile];
    if (launched === undefined) throw new Error(`the stack did not launch the ${profile} profile`);
    const service = launched.services.consolidated;
    const target = await loadTargetFromDocument(stack.document, profile);
    return {
      target,
      consolidated: {
        kill: async () => {
          await service.kill();
        },
        start: async () => {
          await service.start();
        },
      },
      stop: () => stack.stop(),
      [Symbol.asyncDispose]: () => stack.stop(),
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
