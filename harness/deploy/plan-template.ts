import { HarnessError } from '../core/harness-error.ts';
import type { Adaptation } from './adaptation.ts';
import { API_RESOURCE_HANDLERS } from './api/handlers.ts';
import { MOTO_CLOUDFORMATION_TYPES, removalReason } from './emulator-support.ts';
import { referencesIn } from './intrinsics.ts';
import { dependsOnList, type CfnTemplate } from './template-types.ts';

/** Where each resource of an adapted template goes. */
export interface TemplatePlan {
  /** The template with the static fixes applied (a copy; the input is not changed). */
  readonly template: CfnTemplate;
  /** Created by the emulator's CloudFormation. */
  readonly cloudFormation: ReadonlySet<string>;
  /** Created through the service's own API. */
  readonly api: ReadonlySet<string>;
  /** Not deployed; references to them get the synthetic values here (or fail when there are none). */
  readonly removed: ReadonlyMap<string, { ref?: string; attributes: Record<string, unknown> }>;
  /** The static adaptations (removals and rewrites); API creations are recorded when they happen. */
  readonly adaptations: readonly Adaptation[];
  /** Resources that must be deployed in an earlier stack operation than the key (moto ignores DependsOn). */
  readonly deployBefore: ReadonlyMap<string, readonly string[]>;
}

/** What the plan needs to know about the target account. */
export interface PlanOptions {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  /** Real AZ names; CDK's `dummy1a`-style placeholders are replaced with these. */
  readonly availabilityZones: readonly string[];
}

const DUMMY_AZ = /^dummy1([a-z])$/;

/**
 * Applies the fixes moto needs (BootstrapVersion, AZ placeholders, SSM and ECR names, the RDS
 * port) and sorts every resource into CloudFormation, API or removed. Resources that refer to a
 * removed resource without a synthetic value are removed too, and said so.
 */
export function planTemplate(input: CfnTemplate, options: PlanOptions): TemplatePlan {
  const template = structuredClone(input);
  const adaptations: Adaptation[] = [];
  const deployBefore = new Map<string, string[]>();
  const rewrite = (logicalId: string, type: string, detail: string) =>
    adaptations.push({ logicalId, type, action: 'rewritten', detail });

  if (template.Parameters?.BootstrapVersion) {
    delete template.Parameters.BootstrapVersion;
    adaptations.push({
      logicalId: 'BootstrapVersion',
      type: 'AWS::SSM::Parameter<String>',
      action: 'removed',
      detail: 'CDK bootstrap check: the emulator is not bootstrapped',
    });
  }
  if (template.Rules?.CheckBootstrapVersion) {
    delete template.Rules.CheckBootstrapVersion;
    adaptations.push({
      logicalId: 'CheckBootstrapVersion',
      type: 'Rules',
      action: 'removed',
      detail: 'rule on the removed BootstrapVersion parameter',
    });
  }
  if (template.Rules && Object.keys(template.Rules).length === 0) delete template.Rules;

  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties;
    if (!props) continue;
    const azs = replaceDummyAzs(props, options.availabilityZones);
    if (azs > 0)
      rewrite(logicalId, resource.Type, `${azs} AZ placeholder(s) replaced by ${options.availabilityZones.join(', ')}`);
    if (resource.Type === 'AWS::SSM::Parameter' && props.Name === undefined) {
      props.Name = `/${options.stackName}/${logicalId}`;
      rewrite(logicalId, resource.Type, `Name set to ${String(props.Name)} (moto needs an explicit name)`);
    }
    if (resource.Type === 'AWS::ECR::Repository' && props.RepositoryName === undefined) {
      props.RepositoryName = `${options.stackName}-${logicalId}`.toLowerCase().replace(/[^a-z0-9._/-]/g, '-');
      rewrite(
        logicalId,
        resource.Type,
        `RepositoryName set to ${String(props.RepositoryName)} (moto's generated name is invalid)`,
      );
    }
    const groupRef = props.DBParameterGroupName as { Ref?: string } | undefined;
    const group = groupRef?.Ref ? template.Resources[groupRef.Ref] : undefined;
    if (resource.Type === 'AWS::RDS::DBInstance' && group?.Type === 'AWS::RDS::DBParameterGroup') {
      // moto gives the group a random name and Ref yields no name: deploy it first, then look the name up.
      deployBefore.set(logicalId, [...(deployBefore.get(logicalId) ?? []), groupRef!.Ref!]);
      rewrite(
        logicalId,
        resource.Type,
        `DBParameterGroupName: ${groupRef!.Ref} is deployed first and its name read from RDS`,
      );
    }
    if (
      resource.Type === 'AWS::RDS::DBInstance' &&
      props.Port === undefined &&
      String(props.Engine).startsWith('postgres')
    ) {
      props.Port = '5432';
      rewrite(logicalId, resource.Type, 'Port set to 5432 (moto defaults every engine to 3306)');
    }
  }

  const cloudFormation = new Set<string>();
  const api = new Set<string>();
  const removed = new Map<string, { ref?: string; attributes: Record<string, unknown> }>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const reason = removalReason(resource.Type);
    if (reason !== undefined) {
      removed.set(logicalId, syntheticValues(logicalId, resource.Type, options));
      adaptations.push({ logicalId, type: resource.Type, action: 'removed', detail: reason });
    } else if (API_RESOURCE_HANDLERS.has(resource.Type)) api.add(logicalId);
    else if (MOTO_CLOUDFORMATION_TYPES.has(resource.Type)) cloudFormation.add(logicalId);
    else {
      removed.set(logicalId, { attributes: {} });
      adaptations.push({
        logicalId,
        type: resource.Type,
        action: 'removed',
        detail: 'neither moto CloudFormation nor the deployer can create this type',
      });
    }
  }

  // A resource that needs a removed resource's value cannot be deployed either; never drop it silently.
  for (let changed = true; changed;) {
    changed = false;
    for (const logicalId of [...cloudFormation, ...api]) {
      const resource = template.Resources[logicalId]!;
      const missing = referencesIn(resource.Properties ?? {}).find((reference) => {
        const target = removed.get(reference.logicalId);
        if (!target) return false;
        return reference.attribute ? !(reference.attribute in target.attributes) : target.ref === undefined;
      });
      if (!missing) continue;
      cloudFormation.delete(logicalId);
      api.delete(logicalId);
      removed.set(logicalId, { attributes: {} });
      adaptations.push({
        logicalId,
        type: resource.Type,
        action: 'removed',
        detail: `needs ${missing.logicalId}${missing.attribute ? `.${missing.attribute}` : ''}, which was removed`,
      });
      changed = true;
    }
  }
  for (const resource of Object.values(template.Resources)) {
    const kept = dependsOnList(resource).filter((id) => !removed.has(id));
    if (resource.DependsOn !== undefined) resource.DependsOn = kept;
  }
  for (const logicalId of removed.keys()) delete template.Resources[logicalId];
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const missing = referencesIn(output.Value).find((reference) => removed.has(reference.logicalId));
    if (missing && !removed.get(missing.logicalId)?.ref) {
      delete template.Outputs![name];
      adaptations.push({
        logicalId: name,
        type: 'Output',
        action: 'removed',
        detail: `refers to removed ${missing.logicalId}`,
      });
    }
  }
  return { template, cloudFormation, api, removed, adaptations, deployBefore };
}

function replaceDummyAzs(node: unknown, zones: readonly string[]): number {
  let count = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const match = DUMMY_AZ.exec(value);
      if (!match) return value;
      const zone = zones[match[1]!.charCodeAt(0) - 'a'.charCodeAt(0)];
      if (!zone)
        throw new HarnessError('OPTION_INVALID', `template uses AZ ${value} but only ${zones.length} AZ(s) were given`);
      count++;
      return zone;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = walk(value[i]);
      return value;
    }
    if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) (value as Record<string, unknown>)[key] = walk(item);
    }
    return value;
  };
  walk(node);
  return count;
}

function syntheticValues(
  logicalId: string,
  type: string,
  options: PlanOptions,
): { ref?: string; attributes: Record<string, unknown> } {
  if (type === 'AWS::CloudFront::Function') {
    const arn = `arn:aws:cloudfront::${options.accountId}:function/${options.stackName}-${logicalId}`;
    return { ref: arn, attributes: { FunctionARN: arn, 'FunctionMetadata.FunctionARN': arn } };
  }
  return { attributes: {} };
}
