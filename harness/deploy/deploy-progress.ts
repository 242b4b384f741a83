import type { Adaptation } from './adaptation.ts';
import type { ApiCreatedResource } from './api-round.ts';
import { referencesIn } from './intrinsics.ts';
import type { KnownValues } from './known-values.ts';
import type { TemplatePlan } from './plan-template.ts';
import { dependsOnList, type TemplateReference } from './template-types.ts';

/**
 * What a staged deploy has done so far, shared by its steps: the values known, the resources
 * created through their APIs, the CloudFormation resources deployed, and the adaptations made.
 */
export class DeployProgress {
  readonly apiResources = new Map<string, ApiCreatedResource>();
  readonly deployed = new Set<string>();
  readonly adaptations: Adaptation[] = [];

  constructor(
    readonly plan: TemplatePlan,
    readonly known: KnownValues,
  ) {}

  isApiCreated(logicalId: string): boolean {
    return this.apiResources.has(logicalId);
  }

  /** True when every API resource of the plan has been created. */
  allApiCreated(): boolean {
    return [...this.plan.api].every((logicalId) => this.apiResources.has(logicalId));
  }

  /**
   * True when the referenced value is known. A `Ref` read back from CloudFormation counts even
   * without a value: the emulator resolves it itself.
   */
  knows(reference: TemplateReference): boolean {
    const { known } = this;
    return reference.attribute === undefined
      ? known.has(reference.logicalId) || known.source(reference.logicalId) === 'cloudformation'
      : known.has(reference.logicalId, reference.attribute);
  }

  /** The references and `DependsOn` entries of a resource that point at other resources of the template. */
  dependenciesOf(logicalId: string): TemplateReference[] {
    const { Resources } = this.plan.template;
    const resource = Resources[logicalId]!;
    return [
      ...referencesIn(resource.Properties ?? {}).filter((reference) => reference.logicalId in Resources),
      ...dependsOnList(resource)
        .filter((id) => id in Resources)
        .map((id) => ({ logicalId: id, hard: false, orderOnly: true })),
    ];
  }

  /** What a resource still waits for before it can be created through its API; empty when it can. */
  missingInputs(logicalId: string): TemplateReference[] {
    const { plan } = this;
    return this.dependenciesOf(logicalId).filter((reference) => {
      if (plan.api.has(reference.logicalId)) return !this.apiResources.has(reference.logicalId);
      if (!plan.cloudFormation.has(reference.logicalId)) return false;
      return !this.deployed.has(reference.logicalId) || (reference.orderOnly !== true && !this.knows(reference));
    });
  }
}
