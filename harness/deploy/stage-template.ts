import { HarnessError } from '../core/harness-error.ts';
import type { DeployProgress } from './deploy-progress.ts';
import { dynamicReferencesIn, redactDynamicReference, referencesIn } from './intrinsics.ts';
import type { ReadBackPlan } from './read-back-plan.ts';
import { dependsOnList, type CfnOutput, type CfnResource, type CfnTemplate } from './template-types.ts';
import type { ValueResolver } from './value-resolver.ts';

/** Types moto fails to update in place (the update errors and drops the resource): a changed body is not sent. */
const MOTO_CANNOT_UPDATE = new Set(['AWS::RDS::DBInstance']);

/** What a stage's template is built from besides the stage itself. */
export interface StageTemplateInputs {
  readonly progress: DeployProgress;
  readonly resolver: ValueResolver;
  readonly readBack: ReadBackPlan;
  /** The resources as the stack held them before this deploy (empty on a first deploy). */
  readonly previousBodies: Readonly<Record<string, CfnResource>>;
}

/**
 * The template of one stack operation: the stage's resources with the deployer's own values
 * substituted and every `{{resolve:...}}` resolved, the template outputs whose references are all
 * deployed or created with it, and the read-back outputs of the stage.
 */
export async function buildStageTemplate(
  stage: ReadonlySet<string>,
  inputs: StageTemplateInputs,
): Promise<CfnTemplate> {
  const { progress, resolver, readBack } = inputs;
  const { plan } = progress;
  const resources: Record<string, CfnResource> = {};
  for (const logicalId of plan.cloudFormation) {
    if (stage.has(logicalId)) resources[logicalId] = await resourceBody(logicalId, inputs);
  }
  const outputs: Record<string, CfnOutput> = {};
  for (const [name, output] of Object.entries(plan.template.Outputs ?? {})) {
    const references = referencesIn(output.Value);
    const ready = references.every(
      (reference) => !plan.cloudFormation.has(reference.logicalId) || stage.has(reference.logicalId),
    );
    const apiReady = references.every(
      (reference) => !plan.api.has(reference.logicalId) || progress.isApiCreated(reference.logicalId),
    );
    if (ready && apiReady) outputs[name] = (await resolver.resolve(output, 'emulator')) as CfnOutput;
  }
  Object.assign(outputs, readBack.outputsFor(stage));
  return { ...plan.template, Resources: resources, Outputs: outputs };
}

async function resourceBody(logicalId: string, inputs: StageTemplateInputs): Promise<CfnResource> {
  const { progress, resolver, previousBodies } = inputs;
  const { plan } = progress;
  const resource = plan.template.Resources[logicalId]!;
  let body = (await resolver.resolve(resource, 'emulator')) as CfnResource;
  const previous = previousBodies[logicalId];
  if (MOTO_CANNOT_UPDATE.has(resource.Type) && previous && JSON.stringify(previous) !== JSON.stringify(body)) {
    body = previous;
    const recorded = progress.adaptations.some(
      (adaptation) => adaptation.logicalId === logicalId && adaptation.action === 'rewritten',
    );
    if (!recorded) {
      progress.adaptations.push({
        logicalId,
        type: resource.Type,
        action: 'rewritten',
        detail: 'changed properties not sent: moto cannot update this type in place (e.g. a new master password)',
      });
    }
  }
  // API-created resources are not in the stack's template; a DependsOn on one would be refused.
  if (resource.DependsOn !== undefined)
    body.DependsOn = dependsOnList(resource).filter((id) => plan.cloudFormation.has(id));
  const leftover = dynamicReferencesIn(body);
  if (leftover.length > 0) {
    throw new HarnessError(
      'INTRINSIC_UNRESOLVED',
      `${logicalId}: unresolved ${leftover.map(redactDynamicReference).join(', ')}`,
    );
  }
  return body;
}
