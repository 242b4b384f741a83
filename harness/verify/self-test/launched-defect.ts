import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { synthesizeForEmulator } from '../../deploy/deploy-stack.ts';
import type { EmulatorChoice } from '../../emulator/resolve-emulator.ts';
import type { ProviderChoice } from '../../providers/resolve-provider.ts';
import { createDeployStep, DEMO_USER_OVERRIDE } from '../../up/deploy-step.ts';
import { startStack, type StartedStack } from '../../up/start-stack.ts';
import { defaultUpSteps } from '../../up/steps.ts';
import { gatherParityFacts, type ParityFacts } from '../gather-parity-facts.ts';
import type { CheckResult } from '../parity-result.ts';
import type { MigrationDefect } from './migration-defect.ts';

export interface LaunchedDefectOptions {
  readonly provider: ProviderChoice;
  readonly emulator: EmulatorChoice;
  /** This defect's harness home (its own run dirs and deploy record). */
  readonly home: string;
  readonly runId: string;
  /** docker-compose.yml's text, for the copy the defect's `apply` receives (it edits only the template). */
  readonly composeText: string;
  readonly composeFile: string;
  readonly env: NodeJS.ProcessEnv;
  /** Runs the defect's check against the launched stack. */
  readonly check: (facts: ParityFacts, stack: StartedStack, stackFile: string) => Promise<CheckResult>;
}

/**
 * A defect whose check needs running services (traffic, wiring, smoke): both profiles come up as
 * `harness up` brings them, the aws profile from the seeded template, and the check runs against
 * them. About a whole stack's start per defect, so only these defects pay it.
 */
export async function runLaunchedDefect(defect: MigrationDefect, options: LaunchedDefectOptions): Promise<CheckResult> {
  if (defect.target !== 'template') {
    throw new Error(`${defect.id}: a compose defect of a running-stack check would need its own compose profile`);
  }
  const deploy = createDeployStep({
    template: (target) => {
      const { template } = synthesizeForEmulator(target, { contextOverrides: DEMO_USER_OVERRIDE });
      defect.apply({ template, compose: parseDocument(options.composeText, { merge: true }) });
      return template;
    },
  });
  const stackFile = join(options.home, 'stack.json');
  const stack = await startStack({
    profile: 'both',
    provider: options.provider,
    emulator: options.emulator,
    home: options.home,
    runId: options.runId,
    stackFile,
    steps: defaultUpSteps(deploy),
  });
  try {
    const facts = await gatherParityFacts({
      document: stack.document,
      deployRecordFile: join(options.home, 'deploy.json'),
      composeFile: options.composeFile,
      env: options.env,
    });
    return await options.check(facts, stack, stackFile);
  } finally {
    await stack.stop();
  }
}
