import { HarnessError } from '../../core/harness-error.ts';
import type { DeployedStack } from '../../deploy/deployed-stack.ts';
import type { EndpointResolver } from '../services/endpoint-rewrite.ts';

/** The parts of a deploy the aws profile's launch reads. */
export type DeployFactsSource = Pick<DeployedStack, 'outputs' | 'resolveBinding' | 'cloudFrontFunctions'> & {
  readonly emulator: Pick<DeployedStack['emulator'], 'accountId'>;
};

/** What the launcher needs from a deploy: the stack outputs, the deploy layer's binding, the CloudFront Functions. */
export interface DeployFacts {
  readonly outputs: Readonly<Record<string, string>>;
  readonly resolveBinding: EndpointResolver;
  /** The code of a CloudFront Function the deploy deployed, by ARN, as the deploy recorded it. */
  readonly functionCode: (functionArn: string) => Promise<string | undefined>;
  /**
   * ARNs of the functions the deployed template associates with a distribution's default
   * behaviour (viewer-request), for when the emulator drops the associations (moto does).
   */
  readonly defaultBehaviourFunctions: readonly string[];
  /** The account the emulator reported to the deploy. */
  readonly accountId: string;
}

/**
 * Reads what the aws profile's launch needs from the deploy step's result (`state.deploy`): the
 * functions come from the deploy record of what was deployed, never from the infra app's source.
 * @throws HarnessError `DEPLOY_MISSING` when the deploy step has not run
 */
export function deployFactsFrom(deploy: DeployFactsSource | undefined): DeployFacts {
  if (deploy === undefined) {
    throw new HarnessError(
      'DEPLOY_MISSING',
      'launch: the aws profile needs the deploy step to run first (no deploy result in the stack state)',
    );
  }
  const functions = deploy.cloudFrontFunctions;
  return {
    outputs: deploy.outputs,
    resolveBinding: deploy.resolveBinding,
    functionCode: async (arn) => functions.find((f) => f.arn === arn)?.code,
    defaultBehaviourFunctions: functions
      .filter((f) => f.associations.some((a) => a.behaviour === 'default' && a.eventType === 'viewer-request'))
      .map((f) => f.arn),
    accountId: deploy.emulator.accountId,
  };
}
