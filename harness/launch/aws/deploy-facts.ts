import { HarnessError } from '../../core/harness-error.ts';
import type { DeployedResource } from '../../deploy/deploy-stack.ts';
import type { DeployedStack } from '../../deploy/deployed-stack.ts';
import type { EndpointResolver } from '../services/endpoint-rewrite.ts';

/** The parts of a deploy the aws profile's launch reads. */
export type DeployFactsSource = Pick<DeployedStack, 'outputs' | 'resolveBinding'> & {
  readonly resources: readonly Pick<DeployedResource, 'logicalId' | 'type' | 'arn'>[];
  readonly emulator: Pick<DeployedStack['emulator'], 'accountId'>;
};

/** What the launcher needs from a deploy: the stack outputs, the deploy layer's binding, the CloudFront Functions. */
export interface DeployFacts {
  readonly outputs: Readonly<Record<string, string>>;
  readonly resolveBinding: EndpointResolver;
  /** ARNs of the CloudFront Functions the deploy created (moto keeps no record of them). */
  readonly cloudFrontFunctions: readonly string[];
  /** The account the emulator reported to the deploy. */
  readonly accountId: string;
}

/**
 * Reads what the aws profile's launch needs from the deploy step's result (`state.deploy`).
 * @throws HarnessError `DEPLOY_MISSING` when the deploy step has not run
 */
export function deployFactsFrom(deploy: DeployFactsSource | undefined): DeployFacts {
  if (deploy === undefined) {
    throw new HarnessError(
      'DEPLOY_MISSING',
      'launch: the aws profile needs the deploy step to run first (no deploy result in the stack state)',
    );
  }
  const { accountId } = deploy.emulator;
  return {
    outputs: deploy.outputs,
    resolveBinding: deploy.resolveBinding,
    cloudFrontFunctions: deploy.resources
      .filter((resource) => resource.type === 'AWS::CloudFront::Function')
      .map((resource) => resource.arn ?? `arn:aws:cloudfront::${accountId}:function/${resource.logicalId}`),
    accountId,
  };
}
