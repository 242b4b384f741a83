import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type ContainerDefinition,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import type { AwsServiceConfiguration } from '../effective-configuration.ts';
import type { ServiceShape } from '../service-shape.ts';

/** What the deploy recorded of one task definition (`.harness/deploy.json`, `taskDefinitions[]`). */
export interface RecordedTaskDefinition {
  readonly family: string;
  readonly arn: string;
  readonly services?: readonly { readonly cluster: string; readonly serviceArn: string }[];
}

export interface AwsFacts {
  readonly configuration: Record<string, AwsServiceConfiguration>;
  readonly shapes: Record<string, ServiceShape>;
}

export interface AwsFactsSource {
  readonly ecs: ECSClient;
  /** The task definitions the deploy registered, as it recorded them. */
  readonly taskDefinitions: readonly RecordedTaskDefinition[];
  /** Resolves one `secrets[].valueFrom` as the ECS agent would; throws the agent's error when it cannot. */
  readonly resolveSecret: (valueFrom: string) => Promise<string>;
}

/**
 * What the deployed target gives each service, read back from the emulator's ECS API for the task
 * definitions the deploy recorded: the container's `environment`, each `secrets[]` entry resolved
 * one by one (so that every unresolvable one is named, not just the first), and its shape. Nothing
 * comes from infra/ source.
 */
export async function readAwsFacts(source: AwsFactsSource): Promise<AwsFacts> {
  const configuration: Record<string, AwsServiceConfiguration> = {};
  const shapes: Record<string, ServiceShape> = {};
  for (const recorded of source.taskDefinitions) {
    const { taskDefinition } = await source.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: recorded.arn }),
    );
    const container = mainContainer(taskDefinition?.containerDefinitions ?? []);
    if (container?.name === undefined) continue;
    const environment = Object.fromEntries(
      (container.environment ?? []).flatMap(({ name, value }) => (name === undefined ? [] : [[name, value ?? '']])),
    );
    const secrets: AwsServiceConfiguration['secrets'] = Object.fromEntries(
      await Promise.all(
        (container.secrets ?? []).map(async ({ name, valueFrom }) => {
          if (valueFrom === undefined) return [name ?? '?', { valueFrom: '', error: 'no valueFrom' }] as const;
          try {
            return [name ?? '?', { valueFrom, value: await source.resolveSecret(valueFrom) }] as const;
          } catch (error) {
            return [name ?? '?', { valueFrom, error: (error as Error).message }] as const;
          }
        }),
      ),
    );
    configuration[container.name] = { environment, secrets };
    shapes[container.name] = {
      ...(container.portMappings?.[0]?.containerPort === undefined
        ? {}
        : { containerPort: container.portMappings[0].containerPort }),
      ...(container.healthCheck?.command === undefined
        ? {}
        : {
            healthCheck: {
              command: container.healthCheck.command,
              intervalSeconds: container.healthCheck.interval,
              timeoutSeconds: container.healthCheck.timeout,
              retries: container.healthCheck.retries,
              startPeriodSeconds: container.healthCheck.startPeriod,
            },
          }),
      ...(container.command === undefined ? {} : { command: container.command }),
      ...(await desiredCount(source.ecs, recorded)),
    };
  }
  return { configuration, shapes };
}

/** The container that serves: the one with a port mapping (a sidecar has none). */
function mainContainer(containers: readonly ContainerDefinition[]): ContainerDefinition | undefined {
  return containers.find((c) => (c.portMappings ?? []).length > 0) ?? containers[0];
}

async function desiredCount(ecs: ECSClient, recorded: RecordedTaskDefinition): Promise<{ desiredCount?: number }> {
  const service = recorded.services?.[0];
  if (service === undefined) return {};
  const { services } = await ecs.send(
    new DescribeServicesCommand({ cluster: service.cluster, services: [service.serviceArn] }),
  );
  const count = services?.[0]?.desiredCount;
  return count === undefined ? {} : { desiredCount: count };
}
