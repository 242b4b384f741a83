import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import type { Logger } from 'pino';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ContainerDefinition } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EmulatorClients } from '../../aws/emulator-clients.ts';
import { requireStackOutput, STACK_OUTPUTS, type StackOutputName } from '../../aws/stack-outputs.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { generateAwsRouterConfig } from '../routers/aws-router-config.ts';
import { resolveContainerEnvironment } from './ecs-task-environment.ts';
import { rewriteEndpoints, type EndpointResolver, type LocalEndpoint } from '../services/endpoint-rewrite.ts';
import { getFreePort } from '../../core/free-port.ts';
import { isolatedEnvironment } from '../services/isolated-environment.ts';
import {
  APP_SERVICES,
  readyProfile,
  serviceCommand,
  startAllOrNone,
  stopAll,
  type AppServiceName,
  type BaseLaunchContext,
  type LaunchedProfile,
} from '../services/launched-profile.ts';
import { startNginxRouter } from '../routers/nginx-router.ts';
import { readAwsRouting, type AwsRouting } from './read-aws-routing.ts';
import { ServiceProcess, type StartedServiceProcess } from '../services/service-process.ts';
import {
  ensureSpaBuilt,
  syncBucketToDirectory,
  uploadDirectory,
  withBucketPolicyLifted,
} from '../routers/static-site.ts';

/** Emulator clients the aws profile reads the deployment through (a subset of harness/aws's). */
export type AwsLaunchClients = Pick<EmulatorClients, 'ecs' | 'elbv2' | 'cloudFront' | 's3' | 'secretsManager' | 'ssm'>;

/** The aws profile's inputs: the deployed stack (its outputs) and how to reach what it names. */
export interface AwsLaunchContext extends BaseLaunchContext {
  readonly clients: AwsLaunchClients;
  /** The stack's outputs by logical id (infra/lib/stack-outputs.ts): families, ALB DNS name, distribution, bucket. */
  readonly stackOutputs: Readonly<Record<string, string>>;
  /** The deploy layer's binding of emulated endpoints (RDS, MQ, ElastiCache) to the managed servers. */
  readonly resolveBinding: EndpointResolver;
  /** The harness CA, trusted by the services as an image's CA bundle would be. */
  readonly caFile?: string;
  /**
   * The code of a CloudFront Function associated with a behaviour, by ARN. moto has no
   * CloudFront Functions API, so the code comes from the caller (the deploy record of the deployed
   * template); it is checked by running it before it becomes nginx directives.
   */
  readonly functionCode?: (functionArn: string) => Promise<string | undefined>;
  /**
   * Viewer-request functions of the default behaviour, for when the emulator drops
   * `FunctionAssociations` from the distribution config (moto does).
   */
  readonly defaultBehaviourFunctions?: readonly string[];
  /**
   * Serve the gateway over HTTPS with this certificate (e.g. the harness CA's server
   * certificate), as CloudFront serves viewers. Clients must then trust the CA.
   * @default plain HTTP
   */
  readonly gatewayTls?: { readonly certificateFile: string; readonly keyFile: string };
  /**
   * Most tasks to run per service: each service runs its deployed `desiredCount` tasks, capped by
   * this, each on its own port and all registered in its target group's upstream (round robin, as
   * the ALB). A stack that checks what only several tasks show (a limit shared between them) raises it.
   * @default 1 for every service, so that a stack stays light
   */
  readonly maxTasks?: Readonly<Partial<Record<AppServiceName, number>>>;
}

const FAMILY_OUTPUT: Readonly<Record<AppServiceName, StackOutputName>> = {
  auth: STACK_OUTPUTS.authTaskDefinitionFamily,
  cashflow: STACK_OUTPUTS.cashflowTaskDefinitionFamily,
  consolidated: STACK_OUTPUTS.consolidatedTaskDefinitionFamily,
};

const SERVICE_OUTPUT: Readonly<Record<AppServiceName, StackOutputName>> = {
  auth: STACK_OUTPUTS.authServiceName,
  cashflow: STACK_OUTPUTS.cashflowServiceName,
  consolidated: STACK_OUTPUTS.consolidatedServiceName,
};

/**
 * Runs the system as the deployed ECS task definitions wire it: each task definition read
 * back with DescribeTaskDefinition, its secrets pulled from Secrets Manager / SSM at every
 * start (so a deleted secret fails a restart and a rotated one is picked up), emulated
 * endpoints rewritten to the managed servers, and an nginx gateway generated from the
 * deployed ALB rules and CloudFront behaviours serving the SPA uploaded to the bucket.
 */
export async function launchAwsProfile(ctx: AwsLaunchContext): Promise<LaunchedProfile> {
  const logger = ctx.logger.child({ profile: 'aws' });
  const names = Object.keys(APP_SERVICES) as AppServiceName[];
  const containers = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await describeContainer(ctx, name)] as const)),
  ) as Record<AppServiceName, ContainerDefinition>;
  const counts = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await taskCount(ctx, name)] as const)),
  ) as Record<AppServiceName, number>;
  const slots = names.flatMap((name) => Array.from({ length: counts[name] }, (_, index) => ({ name, index })));
  const ports = await Promise.all(slots.map(() => getFreePort()));

  const started: StartedServiceProcess[] = [];
  try {
    const processes = await startAllOrNone(
      slots.map(
        ({ name, index }, i) =>
          () =>
            startTask(ctx, name, containers[name], ports[i]!, index),
      ),
      logger,
    );
    started.push(...processes);
    const tasks = Object.fromEntries(
      names.map((name) => [name, processes.filter((_, i) => slots[i]!.name === name)]),
    ) as Record<AppServiceName, StartedServiceProcess[]>;
    const byName = Object.fromEntries(names.map((name) => [name, tasks[name][0]!])) as Record<
      AppServiceName,
      StartedServiceProcess
    >;

    const { router, gatewayUrl } = await startGateway(ctx, containers, tasks);
    started.push(router);
    return readyProfile('aws', { services: byName, tasks, router, gatewayUrl, started }, logger);
  } catch (error) {
    await stopAll(started, logger);
    throw error;
  }
}

/** What starting one more task of the deployed target needs: a part of the aws profile's inputs. */
export type DeployedTaskContext = Pick<
  AwsLaunchContext,
  'clients' | 'stackOutputs' | 'resolveBinding' | 'caFile' | 'rootDir' | 'runDir' | 'logger' | 'startupTimeoutMs'
>;

/**
 * Starts one more task of a deployed service, next to the running profile, on a free port: its task
 * definition read back and its secrets pulled now, as a new ECS task's are. The parity gate uses it
 * to see what the next start of the deployed target does, without restarting the profile it checks.
 * @throws TaskStartError when ECS would not start the task (a secret it cannot pull)
 */
export async function startDeployedTask(
  ctx: DeployedTaskContext,
  name: AppServiceName,
): Promise<StartedServiceProcess> {
  return startTask(ctx, name, await describeContainer(ctx, name), await getFreePort());
}

/** How many tasks of `name` to run: the deployed service's desired count, capped by `maxTasks` (default 1). */
async function taskCount(ctx: AwsLaunchContext, name: AppServiceName): Promise<number> {
  const cap = ctx.maxTasks?.[name] ?? 1;
  if (cap <= 1) return 1;
  const { services } = await ctx.clients.ecs.send(
    new DescribeServicesCommand({
      cluster: requireStackOutput(ctx.stackOutputs, STACK_OUTPUTS.clusterName),
      services: [requireStackOutput(ctx.stackOutputs, SERVICE_OUTPUT[name])],
    }),
  );
  const desired = services?.[0]?.desiredCount;
  if (desired === undefined) {
    throw new HarnessError('DEPLOYED_RESOURCE_MISSING', `the emulator has no ECS service for ${name}`);
  }
  return Math.max(1, Math.min(desired, cap));
}

/** The service's container, read back from the emulator's ECS API. */
async function describeContainer(ctx: DeployedTaskContext, name: AppServiceName): Promise<ContainerDefinition> {
  const family = requireStackOutput(ctx.stackOutputs, FAMILY_OUTPUT[name]);
  const { taskDefinition } = await ctx.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
  const containers = taskDefinition?.containerDefinitions ?? [];
  const container =
    containers.find((c) => c.name === name) ??
    containers.find((c) => (c.portMappings ?? []).length > 0) ??
    containers[0];
  if (container === undefined) {
    throw new HarnessError('DEPLOYED_RESOURCE_MISSING', `task definition ${family} (${name}) has no container`);
  }
  return container;
}

/** Starts one "task": its environment is resolved anew at every start, as the ECS agent does. */
function startTask(
  ctx: DeployedTaskContext,
  name: AppServiceName,
  container: ContainerDefinition,
  port: number,
  index = 0,
): Promise<StartedServiceProcess> {
  // The first task keeps the service's own names (logs, process name), as a profile of one task per service had them.
  const suffix = index === 0 ? '' : `-${index + 1}`;
  const logger = ctx.logger.child({ profile: 'aws', service: name, ...(index === 0 ? {} : { task: index + 1 }) });
  const environment = async (): Promise<Record<string, string>> => {
    const resolved = await resolveContainerEnvironment(container, ctx.clients);
    logger.info({ secrets: resolved.secretNames }, 'task secrets pulled');
    const { environment: rewritten } = rewriteEndpoints(resolved.environment, ctx.resolveBinding, logger);
    return isolatedEnvironment(rewritten, { port, ...(ctx.caFile === undefined ? {} : { extraCaFile: ctx.caFile }) });
  };
  const { command, args } = serviceCommand(name);
  return new ServiceProcess(`aws-${name}${suffix}`, command, args)
    .withEnvironment(environment)
    .withWorkingDirectory(ctx.rootDir)
    .withListenAddress('127.0.0.1', port)
    .withStartupTimeout(ctx.startupTimeoutMs ?? 60_000)
    .withLogFile(join(ctx.runDir, `${name}${suffix}.log`))
    .withLogger(logger)
    .start();
}

async function startGateway(
  ctx: AwsLaunchContext,
  containers: Record<AppServiceName, ContainerDefinition>,
  services: Record<AppServiceName, readonly StartedServiceProcess[]>,
): Promise<{ router: StartedServiceProcess; gatewayUrl: string }> {
  const logger = ctx.logger.child({ profile: 'aws', component: 'gateway' });
  const routing = await readAwsRouting(ctx.clients, {
    loadBalancerArn: await loadBalancerArn(ctx),
    distributionId: requireStackOutput(ctx.stackOutputs, STACK_OUTPUTS.cloudFrontDistributionId),
  });
  const bucket = requireStackOutput(ctx.stackOutputs, STACK_OUTPUTS.frontendBucketName);
  const dist = await ensureSpaBuilt(ctx.rootDir, logger);
  const siteDir = join(ctx.runDir, 'site');
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(siteDir, { recursive: true });
  // nginx's worker runs as nobody when the harness runs as root.
  await chmod(siteDir, 0o755);
  const { uploaded, synced } = await withBucketPolicyLifted(ctx.clients.s3, bucket, logger, async () => ({
    uploaded: await uploadDirectory(ctx.clients.s3, bucket, dist),
    synced: await syncBucketToDirectory(ctx.clients.s3, bucket, siteDir),
  }));
  logger.info({ bucket, uploaded, synced, siteDir }, 'SPA uploaded to the bucket and synced for the gateway');

  const gatewayListen = { host: '127.0.0.1', port: await getFreePort() };
  const albListen = { host: '127.0.0.1', port: await getFreePort() };
  const viewerRequestFunctions: Record<string, string> = {};
  const distribution = withDefaultBehaviourFunctions(routing.distribution, ctx.defaultBehaviourFunctions ?? [], logger);
  const behaviours = [distribution.DefaultCacheBehavior, ...(distribution.CacheBehaviors?.Items ?? [])];
  for (const association of behaviours.flatMap((b) => b?.FunctionAssociations?.Items ?? [])) {
    const arn = association.FunctionARN;
    const code = arn === undefined ? undefined : await ctx.functionCode?.(arn);
    if (arn !== undefined && code !== undefined) viewerRequestFunctions[arn] = code;
  }
  const siteConfig = generateAwsRouterConfig({
    viewerRequestFunctions,
    listenerRules: routing.listenerRules,
    distribution,
    targetGroups: targetGroupServices(routing, containers, services),
    albListen,
    gatewayListen,
    bucketDirectory: siteDir,
    ...(ctx.gatewayTls === undefined ? {} : { gatewayTls: ctx.gatewayTls }),
  });
  // Over TLS the readiness probe goes to the ALB stand-in's plain listener: the same nginx
  // process, which binds every listener before it serves any.
  const tls = ctx.gatewayTls;
  const probe = tls === undefined ? gatewayListen : albListen;
  const router = await startNginxRouter({ name: 'router-aws', runDir: ctx.runDir, siteConfig, ...probe, logger });
  const scheme = tls === undefined ? 'http' : 'https';
  return { router, gatewayUrl: new URL(`${scheme}://${gatewayListen.host}:${gatewayListen.port}/`).href };
}

/**
 * Which local processes (the service's tasks) stand behind each target group. moto drops the ECS service's
 * `loadBalancers`, so the link is recovered as the ALB makes it for Fargate services: the
 * target group's port is the container port; a rule path naming `/api/<service>/` settles ties.
 */
function targetGroupServices(
  routing: AwsRouting,
  containers: Record<AppServiceName, ContainerDefinition>,
  services: Record<AppServiceName, readonly StartedServiceProcess[]>,
): Record<string, LocalEndpoint[]> {
  const mapping: Record<string, LocalEndpoint[]> = {};
  for (const group of routing.targetGroups) {
    const arn = group.TargetGroupArn!;
    const byPort = (Object.keys(containers) as AppServiceName[]).filter((name) =>
      (containers[name].portMappings ?? []).some((m) => m.containerPort === group.Port),
    );
    const byPath = (Object.keys(containers) as AppServiceName[]).filter((name) =>
      routing.listenerRules.some(
        (rule) =>
          (rule.Actions ?? []).some(
            (a) => a.TargetGroupArn === arn || a.ForwardConfig?.TargetGroups?.some((t) => t.TargetGroupArn === arn),
          ) && JSON.stringify(rule.Conditions ?? []).includes(`/api/${name}/`),
      ),
    );
    const name = byPort.length === 1 ? byPort[0] : byPath.length === 1 ? byPath[0] : undefined;
    if (name === undefined) continue;
    mapping[arn] = services[name].map((task) => ({ host: task.getHost(), port: task.getPort() }));
  }
  return mapping;
}

function withDefaultBehaviourFunctions(
  distribution: DistributionConfig,
  functionArns: readonly string[],
  logger: Logger,
): DistributionConfig {
  const behaviour = distribution.DefaultCacheBehavior;
  if (behaviour === undefined || functionArns.length === 0 || (behaviour.FunctionAssociations?.Quantity ?? 0) > 0) {
    return distribution;
  }
  logger.warn(
    { functions: functionArns },
    "the emulator dropped the default behaviour's function associations: restored from the deploy",
  );
  const items = functionArns.map((arn) => ({ FunctionARN: arn, EventType: 'viewer-request' as const }));
  return {
    ...distribution,
    DefaultCacheBehavior: { ...behaviour, FunctionAssociations: { Quantity: items.length, Items: items } },
  };
}

async function loadBalancerArn(ctx: AwsLaunchContext): Promise<string> {
  const dnsName = requireStackOutput(ctx.stackOutputs, STACK_OUTPUTS.albDnsName);
  const { LoadBalancers: balancers = [] } = await ctx.clients.elbv2.send(new DescribeLoadBalancersCommand({}));
  const found = balancers.find((lb) => lb.DNSName === dnsName) ?? (balancers.length === 1 ? balancers[0] : undefined);
  if (found?.LoadBalancerArn === undefined) {
    throw new HarnessError('DEPLOYED_RESOURCE_MISSING', `no load balancer with DNS name ${dnsName} in the emulator`);
  }
  return found.LoadBalancerArn;
}
