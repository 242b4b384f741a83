import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { Logger } from 'pino';
import { HarnessError } from '../core/harness-error.ts';
import type { Adaptation } from './adaptation.ts';
import { camelCaseKeys } from './api/camel-case-keys.ts';
import { awsErrorName } from '../aws/index.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { dynamicReferencesIn, redactDynamicReference, substitute, unresolvedIn } from './intrinsics.ts';
import type { KnownValues } from './known-values.ts';
import type { CfnTemplate } from './template-types.ts';

/** A task definition as registered again through the ECS API, and the services moved to it. */
export interface ReRegisteredTaskDefinition {
  readonly logicalId: string;
  readonly family: string;
  /** The lossy revision moto's CloudFormation registered. */
  readonly stackArn?: string;
  /** The revision with cpu, memory, network mode and roles as synthesized. */
  readonly arn: string;
  readonly revision: number;
  readonly reused: boolean;
  /**
   * The `{{resolve:...}}` references (service and name only) the task definition's properties hold:
   * CloudFormation writes their values in at deploy, so they never follow a rotation.
   */
  readonly resolvedAtDeploy: readonly string[];
  readonly services: readonly { logicalId: string; cluster: string; serviceArn: string }[];
}

/**
 * Registers every `AWS::ECS::TaskDefinition` of the template again through RegisterTaskDefinition
 * with the same family, because moto's CloudFormation drops Cpu, RequiresCompatibilities, the
 * roles and the network mode. The latest revision is reused when it already matches, so a
 * redeploy adds no revision. Services that use the task definition are updated to it.
 */
export async function reRegisterTaskDefinitions(
  clients: EmulatorClients,
  template: CfnTemplate,
  known: KnownValues,
  log: Logger,
  /**
   * Substitutes the known values and resolves `{{resolve:...}}` references, as CloudFormation
   * resolves them at deploy time: a task definition that writes one into its environment gets
   * the value it held then (and keeps it when the secret rotates).
   */
  resolveFully: (value: unknown) => Promise<unknown>,
): Promise<{ taskDefinitions: ReRegisteredTaskDefinition[]; adaptations: Adaptation[] }> {
  const taskDefinitions: ReRegisteredTaskDefinition[] = [];
  const adaptations: Adaptation[] = [];
  const lookup = known.fullLookup();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::ECS::TaskDefinition') continue;
    const resolvedAtDeploy = dynamicReferencesIn(substitute(resource.Properties ?? {}, lookup)).map(
      redactDynamicReference,
    );
    const properties = (await resolveFully(resource.Properties ?? {})) as Record<string, unknown>;
    const unresolved = unresolvedIn(properties);
    if (unresolved.length > 0) {
      throw new HarnessError(
        'INTRINSIC_UNRESOLVED',
        `task definition ${logicalId}: cannot resolve ${unresolved.slice(0, 3).join(', ')}`,
      );
    }
    const { Tags, ...rest } = properties;
    const input = camelCaseKeys(rest) as RegisterTaskDefinitionCommandInput;
    input.family ??= `${known.fullLookup().ref('AWS::StackName') as string}${logicalId}`;
    if (Array.isArray(Tags) && Tags.length > 0)
      input.tags = camelCaseKeys(Tags) as RegisterTaskDefinitionCommandInput['tags'];

    const latest = await clients.ecs
      .send(new DescribeTaskDefinitionCommand({ taskDefinition: input.family }))
      .then((answer) => answer.taskDefinition)
      .catch((error) => {
        if (awsErrorName(error) === 'ClientException') return undefined;
        throw error;
      });
    const reused = latest !== undefined && matches(input, latest);
    const registered = reused
      ? latest
      : (await clients.ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition;
    if (!registered?.taskDefinitionArn)
      throw new HarnessError('EMULATOR_ANSWER_INVALID', `RegisterTaskDefinition ${input.family} returned no ARN`);

    const services: { logicalId: string; cluster: string; serviceArn: string }[] = [];
    for (const [serviceId, service] of Object.entries(template.Resources)) {
      if (service.Type !== 'AWS::ECS::Service') continue;
      const taskDefinition = service.Properties?.TaskDefinition as { Ref?: string } | undefined;
      if (taskDefinition?.Ref !== logicalId) continue;
      const cluster = substitute(service.Properties?.Cluster, lookup);
      const serviceArn = known.get(serviceId)?.ref;
      if (typeof cluster !== 'string' || typeof serviceArn !== 'string') {
        throw new HarnessError(
          'INTRINSIC_UNRESOLVED',
          `service ${serviceId}: its cluster or ARN was not read back from the stack`,
        );
      }
      const current = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: [serviceArn] }));
      if (current.services?.[0]?.taskDefinition !== registered.taskDefinitionArn) {
        await clients.ecs.send(
          new UpdateServiceCommand({ cluster, service: serviceArn, taskDefinition: registered.taskDefinitionArn }),
        );
      }
      services.push({ logicalId: serviceId, cluster, serviceArn });
    }

    const stackArn = known.get(logicalId)?.ref;
    const entry: ReRegisteredTaskDefinition = {
      logicalId,
      family: input.family,
      stackArn: typeof stackArn === 'string' ? stackArn : undefined,
      arn: registered.taskDefinitionArn,
      revision: registered.revision ?? 0,
      reused,
      resolvedAtDeploy,
      services,
    };
    taskDefinitions.push(entry);
    adaptations.push({
      logicalId,
      type: resource.Type,
      action: 're-registered',
      detail:
        `ecs:RegisterTaskDefinition ${input.family}:${entry.revision}${reused ? ' (latest revision already matched)' : ''}` +
        ` cpu=${input.cpu} memory=${input.memory} networkMode=${input.networkMode}` +
        (services.length > 0 ? `; ecs:UpdateService ${services.map((s) => s.logicalId).join(', ')}` : ''),
    });
    log.debug({ logicalId, arn: entry.arn, reused }, 'task definition re-registered');
  }
  return { taskDefinitions, adaptations };
}

/** True when every field the template sets is what the registered revision holds. */
function matches(input: RegisterTaskDefinitionCommandInput, registered: TaskDefinition): boolean {
  const { tags: _tags, ...wanted } = input;
  return isSubset(wanted, registered);
}

function isSubset(wanted: unknown, actual: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(actual) && wanted.length === actual.length && wanted.every((item, i) => isSubset(item, actual[i]))
    );
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(wanted).every(([key, value]) => isSubset(value, (actual as Record<string, unknown>)[key]));
  }
  return wanted === undefined || String(wanted) === String(actual);
}
