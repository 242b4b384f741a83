import { backingServersStep } from './backing-servers-step.ts';
import { certificateAuthorityStep } from './certificate-authority-step.ts';
import { launchStep } from '../launch/launch-step.ts';
import { deployUpStep } from '../deploy/deploy-up-step.ts';
import type { UpStep } from './up-step.ts';

/** The foundation every stack starts with: the run's CA, then backing servers and the emulator. */
export function backingServerSteps(): UpStep[] {
  return [certificateAuthorityStep, backingServersStep];
}

/**
 * The ordered steps of `harness up`. Later layers (deploy into the emulator, launch the services,
 * routers) add their step here, after the backing servers; `startStack` runs them in this order.
 */
export function defaultUpSteps(): UpStep[] {
  return [...backingServerSteps(), deployUpStep, launchStep];
}
