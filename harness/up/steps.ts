import { backingServersStep, createBackingServersStep } from './backing-servers-step.ts';
import { certificateAuthorityStep } from './certificate-authority-step.ts';
import { createDeployStep, type DeployStep } from './deploy-step.ts';
import { launchStep } from './launch-step.ts';
import type { UpStep } from './up-step.ts';

/** The foundation every stack starts with: the run's CA, then backing servers and the emulator. */
export function backingServerSteps(): UpStep[] {
  return [certificateAuthorityStep, backingServersStep];
}

/**
 * The ordered steps of `harness up`. Later layers (deploy into the emulator, launch the services,
 * routers) add their step here, after the backing servers; `startStack` runs them in this order.
 */
export function defaultUpSteps(deploy: DeployStep = createDeployStep()): UpStep[] {
  // The deploy needs only the emulator and the CA, so it starts as soon as the emulator answers and
  // runs while the slower servers (RabbitMQ) boot; its own step then binds the servers it deployed for.
  return [
    certificateAuthorityStep,
    createBackingServersStep({ onEmulatorStarted: (context, emulator) => deploy.begin(context, emulator) }),
    deploy,
    launchStep,
  ];
}
