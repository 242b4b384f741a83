import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  HarnessError,
  startStack,
  type DeployedStack,
  type ProfileChoice,
  type ProfileName,
  type StackOptions,
  type StartedStack,
} from '../../harness/index.ts';
import type { LaunchedProfile } from '../../harness/launch/index.ts';

/**
 * A stack started the way `harness up` starts it, in a home of its own (never the user's `.harness/`).
 * `options` change what a scenario needs changed: compose's interpolation `env`, the deploy's
 * context through `steps`, or the aws profile's task counts (`maxTasks`).
 */
export async function startScenarioStack(
  profile: ProfileChoice,
  options: Pick<StackOptions, 'env' | 'steps' | 'maxTasks'> = {},
): Promise<StartedStack> {
  const home = join(import.meta.dirname, '..', '..', '.harness', 'scenarios-home');
  mkdirSync(home, { recursive: true });
  return startStack({ ...options, profile, home, runId: `scenario-${Date.now().toString(36)}` });
}

/** The launched services and router of one profile of a started stack. */
export function launchedProfile(stack: StartedStack, profile: ProfileName): LaunchedProfile {
  const launched = stack.state.launched[profile];
  if (launched === undefined)
    throw new HarnessError('STATE_INVALID', `the stack did not launch the ${profile} profile`);
  return launched;
}

/** What the deploy step deployed into the aws profile's emulator. */
export function deployedStack(stack: StartedStack): DeployedStack {
  const deployed = stack.state.deploy;
  if (deployed === undefined) throw new HarnessError('DEPLOY_MISSING', 'the stack has no deploy result');
  return deployed;
}
