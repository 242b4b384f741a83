import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One acknowledged cdk-nag finding: a rule id (`AwsSolutions-IAM5[Resource::*]` for one finding) and why. */
export interface NagAcknowledgement {
  /** Rule id, or rule id with the finding in brackets. */
  readonly id: string;
  /** Why the finding is accepted; shown in the validation report. */
  readonly reason: string;
}

/**
 * Records accepted cdk-nag findings on `scope` through CDK's `Validations.acknowledge`
 * (cdk-nag 3 reads them there); they cover `scope` and everything under it.
 */
export function acknowledgeNagRules(scope: IConstruct, acknowledgements: readonly NagAcknowledgement[]): void {
  for (const acknowledgement of acknowledgements) {
    Validations.of(scope).acknowledge({ id: acknowledgement.id, reason: acknowledgement.reason });
  }
}
