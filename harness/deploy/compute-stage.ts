import type { DeployProgress } from './deploy-progress.ts';
import type { TemplateReference } from './template-types.ts';

/**
 * The CloudFormation resources the next stack operation holds: every one of the plan, less those
 * that wait, directly or through another left out, for an API resource not created yet, for a
 * resource that must be deployed in an earlier operation, or for a value the deployer must know
 * before it deploys. The stage only grows from round to round, so an update never deletes what a
 * later stage needs.
 */
export function computeStage(progress: DeployProgress): Set<string> {
  const stage = new Set(progress.plan.cloudFormation);
  for (let changed = true; changed;) {
    changed = false;
    for (const logicalId of stage) {
      if (stageDependencies(progress, logicalId).some((reference) => blocks(progress, stage, logicalId, reference))) {
        stage.delete(logicalId);
        changed = true;
      }
    }
  }
  return stage;
}

function stageDependencies(progress: DeployProgress, logicalId: string): TemplateReference[] {
  return [
    ...progress.dependenciesOf(logicalId),
    ...(progress.plan.deployBefore.get(logicalId) ?? []).map((id) => ({ logicalId: id, hard: false })),
  ];
}

function blocks(
  progress: DeployProgress,
  stage: ReadonlySet<string>,
  logicalId: string,
  reference: TemplateReference,
): boolean {
  const { plan } = progress;
  if (plan.api.has(reference.logicalId)) return !progress.isApiCreated(reference.logicalId);
  if (!plan.cloudFormation.has(reference.logicalId)) return false;
  if (!stage.has(reference.logicalId)) return true;
  if (plan.deployBefore.get(logicalId)?.includes(reference.logicalId) && !progress.deployed.has(reference.logicalId)) {
    return true;
  }
  return reference.hard && !(progress.deployed.has(reference.logicalId) && progress.knows(reference));
}
