import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultUpSteps, startStack, type StartedStack } from '../../harness/index.ts';
import { launchExtensionKey } from '../../harness/launch/launch-step.ts';
import type { LaunchedProfile } from '../../harness/launch/launched-profile.ts';

/** Whether `harness up` can serve the aws profile yet: it needs a deploy step before the launch step. */
export function awsProfileAvailable(): boolean {
  return defaultUpSteps().some((step) => /deploy/i.test(step.name));
}

/** A stack started the way `harness up` starts it, in a home of its own (never the user's `.harness/`). */
export async function startScenarioStack(profile: 'compose' | 'aws' | 'both'): Promise<StartedStack> {
  const home = join(import.meta.dirname, '..', '..', '.harness', 'scenarios-home');
  mkdirSync(home, { recursive: true });
  return startStack({ profile, home, runId: `scenario-${Date.now().toString(36)}` });
}

/** The launched services and router of one profile of a started stack. */
export function launchedProfile(stack: StartedStack, profile: 'compose' | 'aws'): LaunchedProfile {
  const launched = stack.state.extensions[launchExtensionKey(profile)] as LaunchedProfile | undefined;
  if (launched === undefined) throw new Error(`the stack did not launch the ${profile} profile`);
  return launched;
}
