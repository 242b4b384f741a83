import type { ParityCheck } from './check.ts';
import { checkDeployFidelity, DEPLOY_FIDELITY_CHECK, type DeployFidelityInput } from './deploy-fidelity.ts';
import { compareNetwork, NETWORK_CHECK, type NetworkInput } from './network.ts';
import { comparePerTaskLimits, PER_TASK_LIMITS_CHECK, type PerTaskLimitsInput } from './per-task-limits.ts';
import { compareRoutes, ROUTES_CHECK, type RoutesInput } from './routes.ts';

/**
 * What the static checks of the deployed target's edges read: plain data an adapter fills from
 * docker-compose.yml (and the compose proxy's nginx config), from what the emulator holds after
 * the deploy and from the deploy record of what the emulator cannot hold; never from infra/ source.
 */
export interface TargetFacts {
  readonly routes: RoutesInput;
  readonly network: NetworkInput;
  readonly deployFidelity: DeployFidelityInput;
  readonly perTaskLimits: PerTaskLimitsInput;
}

/** The context the target checks need from the gate. */
export interface TargetCheckContext {
  readonly targetFacts: TargetFacts;
}

/** Static checks of the deployed target's routing, network, resources and per-task limits. */
export function targetChecks(): ParityCheck<TargetCheckContext>[] {
  return [
    {
      id: ROUTES_CHECK,
      family: 'static',
      title: 'Routes: compose proxy paths against ALB rules, SPA fallback against the distribution',
      run: async ({ targetFacts }) => compareRoutes(targetFacts.routes),
    },
    {
      id: NETWORK_CHECK,
      family: 'static',
      title: 'Network: security groups open exactly the paths compose wires, on their ports',
      run: async ({ targetFacts }) => compareNetwork(targetFacts.network),
    },
    {
      id: DEPLOY_FIDELITY_CHECK,
      family: 'static',
      title: 'Deploy fidelity: every template resource described through its own service API',
      run: async ({ targetFacts }) => checkDeployFidelity(targetFacts.deployFidelity),
    },
    {
      id: PER_TASK_LIMITS_CHECK,
      family: 'static',
      title: "Per-process limits (rate limit, pools, caches) times the target's task count",
      run: async ({ targetFacts }) => comparePerTaskLimits(targetFacts.perTaskLimits),
    },
  ];
}
