import { finding, type Finding } from './finding.ts';

export const DEPLOY_FIDELITY_CHECK = 'deploy-fidelity';

/** One resource of the deployed template and what its own service API says of it. */
export interface DescribedResource {
  readonly logicalId: string;
  readonly type: string;
  /**
   * `present`: its service API lists it; `missing`: the API does not; `removed`: the deployer left it
   * out (its adaptation says why); `unverified`: the gate has no way to describe the type.
   */
  readonly state: 'present' | 'missing' | 'removed' | 'unverified';
  /** What was looked for, or the adaptation's reason. */
  readonly detail?: string;
}

export interface DeployFidelityInput {
  readonly resources: readonly DescribedResource[];
}

/**
 * Every resource of the deployed template must exist in the emulator, as its own service API
 * describes it (a stack's CREATE_COMPLETE is no proof: moto completes stacks while skipping
 * resources). A resource the API does not list, or that the deployer left out, is
 * `RESOURCE_MISSING`; the types nothing can describe are one `RESOURCE_UNVERIFIED` warning each.
 */
export function checkDeployFidelity(input: DeployFidelityInput): Finding[] {
  const findings: Finding[] = [];
  const unverified = new Map<string, DescribedResource[]>();
  for (const resource of input.resources) {
    if (resource.state === 'unverified') {
      unverified.set(resource.type, [...(unverified.get(resource.type) ?? []), resource]);
      continue;
    }
    if (resource.state === 'present') continue;
    findings.push(
      finding({
        code: 'RESOURCE_MISSING',
        check: DEPLOY_FIDELITY_CHECK,
        subject: `${resource.type}/${resource.logicalId}`,
        compose: null,
        aws: resource.state === 'removed' ? 'not deployed (removed by the deployer)' : 'not in the emulator',
        explanation:
          resource.state === 'removed'
            ? `the template deploys ${resource.logicalId}, but the deployer left it out: ${resource.detail ?? 'no reason recorded'}`
            : `the template deploys ${resource.logicalId} and the stack completed, but ${resource.detail ?? 'its service API does not list it'}`,
      }),
    );
  }
  for (const [type, resources] of unverified) {
    findings.push(
      finding({
        code: 'RESOURCE_UNVERIFIED',
        check: DEPLOY_FIDELITY_CHECK,
        subject: type,
        compose: null,
        aws: resources.map((r) => r.logicalId).join(', '),
        explanation: `${resources.length} resource(s) of this type: ${resources[0]!.detail ?? 'the gate has no describer for it'}`,
      }),
    );
  }
  return findings;
}
