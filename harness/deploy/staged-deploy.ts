import { GetTemplateCommand, ListStackResourcesCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { DescribeDBParameterGroupsCommand } from '@aws-sdk/client-rds';
import type { Logger } from 'pino';
import type { Adaptation } from './adaptation.ts';
import type { ApiResourceResult } from './api/api-resource-handler.ts';
import { API_RESOURCE_HANDLERS } from './api/handlers.ts';
import { resolveDynamicReference } from '../aws/read-secret.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { dynamicReferencesIn, redactDynamicReference, referencesIn, substitute, unresolvedIn } from './intrinsics.ts';
import { KnownValues, type AccountFacts } from './known-values.ts';
import type { TemplatePlan } from './plan-template.ts';
import { createOrUpdateStack, describeStack, outputsOf } from './stack-operations.ts';
import { dependsOnList, type CfnOutput, type CfnResource, type TemplateReference } from './template-types.ts';

/** Outputs the deployer adds to read CloudFormation-resolved values back; never shown to users. */
export const HARNESS_OUTPUT_PREFIX = 'Harness';

/** An API-created resource as the report records it. */
export interface ApiCreatedResource extends ApiResourceResult {
  readonly logicalId: string;
  readonly type: string;
}

/** One stack operation of a staged deploy. */
export interface StackOperation {
  readonly operation: 'create' | 'update' | 'none';
  readonly status: string;
  readonly resources: number;
}

/** The outcome of a staged deploy. */
export interface StagedDeployResult {
  readonly stack: Stack;
  /** The stack's own outputs (the deployer's read-back outputs left out). */
  readonly outputs: Record<string, string>;
  readonly known: KnownValues;
  readonly apiResources: readonly ApiCreatedResource[];
  readonly adaptations: readonly Adaptation[];
  /** Each CreateStack/UpdateStack call of this deploy and the status it ended in. */
  readonly stackOperations: readonly StackOperation[];
  /** Resolves the `{{resolve:...}}` references inside a value against the emulator. */
  resolveFully(value: unknown): Promise<unknown>;
}

/** Options of {@link deployStaged}. */
export interface StagedDeployOptions {
  readonly facts: AccountFacts;
  readonly log: Logger;
  /** Deadline for each stack operation. */
  readonly stackTimeoutMs: number;
}

/** Resource types whose values the launch layer and the binder need read back, beyond what API resources use. */
const ALWAYS_READ: Record<string, string[]> = {
  'AWS::RDS::DBInstance': ['Endpoint.Address', 'Endpoint.Port'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['DNSName'],
};
const READ_REF_TYPES = new Set(['AWS::ECS::TaskDefinition', 'AWS::ECS::Service', 'AWS::ECS::Cluster']);
const MAX_ROUNDS = 12;
/** Types moto fails to update in place (the update errors and drops the resource): a changed body is not sent. */
const MOTO_CANNOT_UPDATE = new Set(['AWS::RDS::DBInstance']);

/**
 * Deploys a planned template in stages. Each round creates the API resources whose inputs are
 * known, then deploys (CreateStack/UpdateStack) every CloudFormation resource whose inputs are
 * known or deployed alongside, with API values substituted and read-back outputs added, until all
 * is deployed. The set of deployed resources only grows, so an update never deletes what a later
 * stage needs; on a redeploy the previous stack's read-back outputs make it one round.
 */
export async function deployStaged(
  clients: EmulatorClients,
  plan: TemplatePlan,
  options: StagedDeployOptions,
): Promise<StagedDeployResult> {
  const { template } = plan;
  const { log, facts } = options;
  const known = new KnownValues(template, facts);
  const resolved = new Map<string, string>();
  const dynamic = (reference: string) => resolved.get(reference);
  const adaptations: Adaptation[] = [];
  const apiResults = new Map<string, ApiCreatedResource>();
  const apiInputs = new Map<string, string>();

  for (const [logicalId, values] of plan.removed) {
    if (values.ref !== undefined) known.setRef(logicalId, 'removed', values.ref);
    known.setAttributes(logicalId, 'removed', values.attributes);
  }

  const resolveFully = async (value: unknown): Promise<unknown> => {
    const first = substitute(value, known.fullLookup());
    for (const reference of dynamicReferencesIn(first)) {
      if (!resolved.has(reference)) resolved.set(reference, await resolveDynamicReference(clients, reference));
    }
    return substitute(first, known.fullLookup(dynamic));
  };
  const forEmulator = async (value: unknown): Promise<unknown> => {
    const first = substitute(value, known.emulatorLookup());
    for (const reference of dynamicReferencesIn(first)) {
      if (!resolved.has(reference)) resolved.set(reference, await resolveDynamicReference(clients, reference));
    }
    return substitute(first, known.emulatorLookup(dynamic));
  };

  const dependencies = (resource: CfnResource): TemplateReference[] => [
    ...referencesIn(resource.Properties ?? {}).filter((reference) => reference.logicalId in template.Resources),
    ...dependsOnList(resource)
      .filter((id) => id in template.Resources)
      .map((logicalId) => ({ logicalId, hard: false, orderOnly: true })),
  ];
  const stageDependencies = (logicalId: string): TemplateReference[] => [
    ...dependencies(template.Resources[logicalId]!),
    ...(plan.deployBefore.get(logicalId) ?? []).map((id) => ({ logicalId: id, hard: false })),
  ];

  // Which CloudFormation values must be read back through outputs.
  const readBack = new Map<string, Set<string | undefined>>();
  const want = (logicalId: string, attribute?: string) => {
    if (!plan.cloudFormation.has(logicalId)) return;
    if (!readBack.has(logicalId)) readBack.set(logicalId, new Set());
    readBack.get(logicalId)!.add(attribute);
  };
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const interesting = plan.api.has(logicalId) || READ_REF_TYPES.has(resource.Type);
    for (const reference of referencesIn(resource.Properties ?? {})) {
      if (interesting || reference.hard) want(reference.logicalId, reference.attribute);
    }
    if (READ_REF_TYPES.has(resource.Type)) want(logicalId);
    for (const attribute of ALWAYS_READ[resource.Type] ?? []) want(logicalId, attribute);
  }

  const readOutputs = (stack: Stack) => {
    known.setStackId(stack.StackId);
    for (const output of stack.Outputs ?? []) {
      if (!output.OutputKey?.startsWith(HARNESS_OUTPUT_PREFIX) || !output.Description) continue;
      const target = parseReadBack(output.Description);
      if (!target) continue;
      if (target.attribute === undefined) known.setRef(target.logicalId, 'cloudformation', output.OutputValue);
      else known.setAttributes(target.logicalId, 'cloudformation', { [target.attribute]: output.OutputValue });
    }
  };

  const existing = await describeStack(clients, facts.stackName);
  const previouslyDeployed = new Set<string>();
  const previousBodies: Record<string, CfnResource> = existing
    ? ((
        JSON.parse(
          (await clients.cloudFormation.send(new GetTemplateCommand({ StackName: facts.stackName }))).TemplateBody ??
            '{}',
        ) as { Resources?: Record<string, CfnResource> }
      ).Resources ?? {})
    : {};
  const keptBodies = new Set<string>();
  if (existing) {
    readOutputs(existing);
    for (const logicalId of await stackResourceIds(clients, facts.stackName)) {
      if (plan.cloudFormation.has(logicalId)) previouslyDeployed.add(logicalId);
    }
    await lookUpMotoNames(clients, plan, previouslyDeployed, known, facts.stackName);
    log.info({ stack: facts.stackName, status: existing.StackStatus }, 'stack exists; redeploying as an update');
  }

  const isKnownValue = (reference: TemplateReference) =>
    reference.attribute === undefined
      ? known.has(reference.logicalId) || known.source(reference.logicalId) === 'cloudformation'
      : known.has(reference.logicalId, reference.attribute);

  const apiReady = (logicalId: string): boolean =>
    dependencies(template.Resources[logicalId]!).every((reference) => {
      if (plan.api.has(reference.logicalId)) return apiResults.has(reference.logicalId);
      if (plan.cloudFormation.has(reference.logicalId)) {
        return deployed.has(reference.logicalId) && (reference.orderOnly === true || isKnownValue(reference));
      }
      return true;
    });

  const computeStage = (): Set<string> => {
    const stage = new Set(plan.cloudFormation);
    for (let changed = true; changed;) {
      changed = false;
      for (const logicalId of stage) {
        const blocked = stageDependencies(logicalId).some((reference) => {
          if (plan.api.has(reference.logicalId)) return !apiResults.has(reference.logicalId);
          if (!plan.cloudFormation.has(reference.logicalId)) return false;
          if (!stage.has(reference.logicalId)) return true;
          if (plan.deployBefore.get(logicalId)?.includes(reference.logicalId) && !deployed.has(reference.logicalId)) {
            return true;
          }
          return reference.hard && !(deployed.has(reference.logicalId) && isKnownValue(reference));
        });
        if (blocked) {
          stage.delete(logicalId);
          changed = true;
        }
      }
    }
    return stage;
  };

  const deployed = new Set<string>(previouslyDeployed);
  let lastBody: string | undefined;
  let stack: Stack | undefined = existing;
  const stackOperations: StackOperation[] = [];

  for (let round = 1; ; round++) {
    if (round > MAX_ROUNDS) throw new Error(`deploy did not converge after ${MAX_ROUNDS} rounds`);
    let progress = false;

    // API resources whose inputs are all known, in dependency order; again when an input changed.
    for (let again = true; again;) {
      again = false;
      for (const logicalId of plan.api) {
        if (!apiReady(logicalId)) continue;
        const resource = template.Resources[logicalId]!;
        const properties = (await resolveFully(resource.Properties ?? {})) as Record<string, unknown>;
        const unresolved = unresolvedIn(properties);
        if (unresolved.length > 0) {
          throw new Error(`${logicalId} (${resource.Type}): cannot resolve ${unresolved.slice(0, 3).join(', ')}`);
        }
        const fingerprint = JSON.stringify(properties);
        if (apiInputs.get(logicalId) === fingerprint) continue;
        const handler = API_RESOURCE_HANDLERS.get(resource.Type)!;
        const result = await handler
          .ensure({ clients, stackName: facts.stackName, logicalId, properties, log })
          .catch((error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            throw new Error(`creating ${logicalId} (${resource.Type}) through its API failed: ${message}`, {
              cause: error,
            });
          });
        const first = !apiResults.has(logicalId);
        apiInputs.set(logicalId, fingerprint);
        apiResults.set(logicalId, { ...result, logicalId, type: resource.Type });
        known.setRef(logicalId, 'api', result.ref);
        known.setAttributes(logicalId, 'api', result.attributes);
        if (first)
          adaptations.push({ logicalId, type: resource.Type, action: 'created-via-api', detail: result.detail });
        log.debug({ logicalId, type: resource.Type, reused: result.reused }, result.detail);
        again = true;
        progress = true;
      }
    }

    const stage = computeStage();
    const resources: Record<string, CfnResource> = {};
    for (const logicalId of plan.cloudFormation) {
      if (!stage.has(logicalId)) continue;
      const resource = template.Resources[logicalId]!;
      let body = (await forEmulator(resource)) as CfnResource;
      const previous = previousBodies[logicalId];
      if (MOTO_CANNOT_UPDATE.has(resource.Type) && previous && JSON.stringify(previous) !== JSON.stringify(body)) {
        body = previous;
        if (!keptBodies.has(logicalId)) {
          keptBodies.add(logicalId);
          adaptations.push({
            logicalId,
            type: resource.Type,
            action: 'rewritten',
            detail: 'changed properties not sent: moto cannot update this type in place (e.g. a new master password)',
          });
        }
      }
      const dependsOn = dependsOnList(resource).filter((id) => plan.cloudFormation.has(id));
      if (resource.DependsOn !== undefined) body.DependsOn = dependsOn;
      const leftover = dynamicReferencesIn(body);
      if (leftover.length > 0)
        throw new Error(`${logicalId}: unresolved ${leftover.map(redactDynamicReference).join(', ')}`);
      resources[logicalId] = body;
    }
    const outputs: Record<string, CfnOutput> = {};
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      const ready = referencesIn(output.Value).every(
        (reference) => !plan.cloudFormation.has(reference.logicalId) || stage.has(reference.logicalId),
      );
      const apiReadyOutput = referencesIn(output.Value).every(
        (reference) => !plan.api.has(reference.logicalId) || apiResults.has(reference.logicalId),
      );
      if (ready && apiReadyOutput) outputs[name] = (await forEmulator(output)) as CfnOutput;
    }
    for (const [logicalId, attributes] of readBack) {
      if (!stage.has(logicalId)) continue;
      for (const attribute of attributes) {
        const key = readBackKey(logicalId, attribute);
        outputs[key] = {
          Value: attribute === undefined ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, attribute] },
          Description: JSON.stringify({ harnessReadBack: { logicalId, attribute } }),
        };
      }
    }

    const stageTemplate = { ...template, Resources: resources, Outputs: outputs };
    const body = JSON.stringify(stageTemplate);
    if (body !== lastBody && Object.keys(resources).length > 0) {
      log.info(
        { stack: facts.stackName, round, resources: stage.size, of: plan.cloudFormation.size },
        'deploying stack stage',
      );
      const answer = await createOrUpdateStack(clients, facts.stackName, body, { timeoutMs: options.stackTimeoutMs });
      stackOperations.push({
        operation: answer.operation,
        status: answer.stack.StackStatus ?? 'UNKNOWN',
        resources: stage.size,
      });
      stack = answer.stack;
      lastBody = body;
      readOutputs(stack);
      for (const logicalId of stage) deployed.add(logicalId);
      await lookUpMotoNames(clients, plan, deployed, known, facts.stackName);
      progress = true;
    }

    const allApi = [...plan.api].every((logicalId) => apiResults.has(logicalId));
    if (allApi && stage.size === plan.cloudFormation.size && !progress) break;
    if (!progress) {
      const waiting = [...plan.api]
        .filter((id) => !apiResults.has(id))
        .map((id) => {
          const missing = dependencies(template.Resources[id]!)
            .filter((reference) =>
              plan.api.has(reference.logicalId)
                ? !apiResults.has(reference.logicalId)
                : plan.cloudFormation.has(reference.logicalId) &&
                  (!deployed.has(reference.logicalId) || (!reference.orderOnly && !isKnownValue(reference))),
            )
            .map((reference) => `${reference.logicalId}${reference.attribute ? `.${reference.attribute}` : ''}`);
          return missing.length > 0 ? `${id} (needs ${[...new Set(missing)].join(', ')})` : id;
        });
      const blocked = [...plan.cloudFormation].filter((id) => !stage.has(id));
      throw new Error(
        `deploy is stuck: API resources waiting [${waiting.join(', ')}], CloudFormation resources blocked [${blocked.join(', ')}]`,
      );
    }
  }
  if (!stack) throw new Error('the template has no resources the emulator can deploy');

  const outputs = Object.fromEntries(
    Object.entries(outputsOf(stack)).filter(([key]) => !key.startsWith(HARNESS_OUTPUT_PREFIX)),
  );
  return { stack, outputs, known, apiResources: [...apiResults.values()], adaptations, stackOperations, resolveFully };
}

async function stackResourceIds(clients: EmulatorClients, stackName: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const answer = await clients.cloudFormation.send(
      new ListStackResourcesCommand({ StackName: stackName, NextToken: token }),
    );
    for (const summary of answer.StackResourceSummaries ?? [])
      if (summary.LogicalResourceId) ids.push(summary.LogicalResourceId);
    token = answer.NextToken;
    if (!token) break;
  }
  return ids;
}

/** Names moto generates without giving them through `Ref` (DB parameter groups), read from the service API. */
async function lookUpMotoNames(
  clients: EmulatorClients,
  plan: TemplatePlan,
  deployed: ReadonlySet<string>,
  known: KnownValues,
  stackName: string,
): Promise<void> {
  for (const logicalId of deployed) {
    if (
      plan.template.Resources[logicalId]?.Type !== 'AWS::RDS::DBParameterGroup' ||
      known.source(logicalId) === 'lookup'
    )
      continue;
    const prefix = `${stackName}-${logicalId}`.toLowerCase();
    const groups = await clients.rds.send(new DescribeDBParameterGroupsCommand({}));
    const name = groups.DBParameterGroups?.find((group) =>
      group.DBParameterGroupName?.startsWith(prefix),
    )?.DBParameterGroupName;
    if (!name) throw new Error(`DB parameter group ${logicalId} was deployed but no group named ${prefix}* exists`);
    known.setRef(logicalId, 'lookup', name);
  }
}

function readBackKey(logicalId: string, attribute: string | undefined): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');
  return `${HARNESS_OUTPUT_PREFIX}${attribute === undefined ? 'Ref' : 'Att'}${clean(logicalId)}${attribute ? clean(attribute) : ''}`;
}

function parseReadBack(description: string): { logicalId: string; attribute?: string } | undefined {
  try {
    const parsed = JSON.parse(description) as { harnessReadBack?: { logicalId: string; attribute?: string } };
    return parsed.harnessReadBack;
  } catch {
    return undefined;
  }
}
