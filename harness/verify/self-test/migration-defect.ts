import type { Document } from 'yaml';
import type { CfnTemplate } from '../../deploy/template-types.ts';

/**
 * Where a defect is seeded: the deployed template (what `cdk deploy` would send, after synthesis) or
 * docker-compose.yml. Both are temporary copies; the checkout is never modified.
 */
export type DefectTarget = 'template' | 'compose';

/** One realistic mistake of a compose -> ECS migration, and the check that must catch it. */
export interface MigrationDefect {
  /** Stable, kebab-case; what `--defect` names. */
  readonly id: string;
  /** The mistake, as a team would make it. */
  readonly title: string;
  /** The id of the gate check that must catch it (a `ParityCheck.id`, see `gateChecks()`). */
  readonly check: string;
  /**
   * The finding code it must be caught with. A string, not `FindingCode`: a defect may name the code
   * of a check another part of the gate has not registered yet; the self-test waits for that check.
   */
  readonly expected: string;
  /**
   * For a defect whose realistic effect is that the aws profile cannot start (a service without
   * TLS against a server that requires it, as its ECS tasks would fail and restart): the gate
   * catches it by refusing to come up, with a harness error of code `expected` (not a finding code)
   * whose message, with the service's log, names `cause`. Only for a check that needs running services.
   */
  readonly startFailure?: { readonly cause: RegExp };
  readonly target: DefectTarget;
  /**
   * Deploy into an emulator of its own: on an update moto's CloudFormation keeps an existing
   * resource's engine version and neither deletes nor changes some resources (listener rules,
   * security-group ingress rules), so such a defect only shows on a first deploy.
   */
  readonly freshEmulator?: boolean;
  /** Seeds the defect into the copy (in place); throws when what it edits is not there. */
  readonly apply: (copy: DefectCopy) => void;
}

/** What a defect edits: the template (for `template`) or the compose file's YAML document (for `compose`). */
export interface DefectCopy {
  readonly template: CfnTemplate;
  readonly compose: Document;
}
