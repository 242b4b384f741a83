import { join } from 'node:path';
import { createEmulatorClients, destroyEmulatorClients } from '../../aws/emulator-clients.ts';
import { requireStackOutput, STACK_OUTPUTS } from '../../aws/stack-outputs.ts';
import { logFor } from '../../core/logger.ts';
import { REPO_ROOT } from '../../core/run-dir.ts';
import { createEndpointResolver } from '../../deploy/index.ts';
import { startDeployedTask } from '../../launch/index.ts';
import type { ProfileEntry, StackDocument } from '../../stack/stack-document.ts';
import type { EffectiveConfigurationInput } from '../effective-configuration.ts';
import { gatewayTargets } from '../gateway-targets.ts';
import type { BusNames, DeployedTask, WiringProfileTarget, WiringTargets } from './wiring-targets.ts';

/** The bus names the services use when their wiring sets none (docs/messaging.md). */
const DEFAULT_BUS: BusNames = { namespace: 'Cashflow.Contracts', endpoint: 'entry-registered' };

export interface GatherWiringOptions {
  readonly document: StackDocument;
  /** Each profile's effective configuration (the static facts): where the bus names come from. */
  readonly configuration: EffectiveConfigurationInput;
  /** Where the tasks the checks start write their logs. @default `<run dir>/verify-tasks` */
  readonly taskRunDir?: string;
}

/**
 * What the wiring checks reach, read from a running stack's document (so an attached `--against`
 * stack works as well as one verify started) and, for the aws side, from what the deploy recorded.
 */
export function gatherWiringTargets(options: GatherWiringOptions): WiringTargets {
  const { document, configuration } = options;
  const aws = requireProfile(document, 'aws');
  const caFile = document.caFile ?? aws.backing.postgres.caFile;
  if (caFile === undefined) throw new Error('the stack document names no CA file for the aws profile');
  if (aws.emulator === undefined || aws.deploy === undefined) {
    throw new Error('the stack document has no emulator or deploy for the aws profile');
  }
  const gateways = gatewayTargets(document);
  const consolidatedAws = configuration.aws.consolidated;
  const awsSetting = (key: string) =>
    consolidatedAws?.environment[key] ?? consolidatedAws?.secrets[key]?.value ?? undefined;
  const composeSetting = (key: string) => configuration.compose.consolidated?.[key];
  const emulator = aws.emulator;
  const deploy = aws.deploy;
  const taskRunDir = options.taskRunDir ?? join(document.runDir, 'verify-tasks');
  return {
    caFile,
    compose: profileTarget(requireProfile(document, 'compose'), gateways.compose, busNames(composeSetting)),
    aws: profileTarget(aws, gateways.aws, busNames(awsSetting)),
    deployed: {
      emulator: { endpoint: emulator.endpoint, region: emulator.region },
      dbSecretArn: requireStackOutput(deploy.outputs, STACK_OUTPUTS.dbSecretArn),
      startCashflowTask: async (): Promise<DeployedTask> => {
        const clients = createEmulatorClients({
          endpoint: emulator.endpoint,
          region: emulator.region,
          accountId: accountIdOf(deploy.taskDefinitions[0]?.arn),
        });
        try {
          return await startDeployedTask(
            {
              clients,
              stackOutputs: deploy.outputs,
              resolveBinding: createEndpointResolver(deploy.bindings),
              caFile,
              rootDir: REPO_ROOT,
              runDir: taskRunDir,
              logger: logFor('verify'),
            },
            'cashflow',
          );
        } finally {
          // The task's secrets were pulled at its start; it is never restarted.
          destroyEmulatorClients(clients);
        }
      },
    },
  };
}

function requireProfile(document: StackDocument, profile: 'compose' | 'aws'): ProfileEntry {
  const entry = document.profiles[profile];
  if (entry === undefined)
    throw new Error(`the stack document has no ${profile} profile: start it with --profile both`);
  return entry;
}

function busNames(setting: (key: string) => string | undefined): BusNames {
  return {
    namespace: setting('BUS_NAMESPACE') ?? DEFAULT_BUS.namespace,
    endpoint: setting('BUS_ENDPOINT_NAME') ?? DEFAULT_BUS.endpoint,
  };
}

/** The account of an ARN (`arn:aws:ecs:<region>:<account>:...`); moto's default when there is none. */
function accountIdOf(arn: string | undefined): string {
  return arn?.split(':')[4] || '123456789012';
}

function profileTarget(
  entry: ProfileEntry,
  gateway: WiringProfileTarget['gateway'],
  bus: BusNames,
): WiringProfileTarget {
  const { postgres, rabbitmq, redis } = entry.backing;
  return {
    postgres: {
      host: postgres.host,
      port: postgres.port,
      username: postgres.username ?? '',
      password: postgres.password ?? '',
    },
    rabbitmq: {
      amqpUri: rabbitmq.uri,
      managementUri: rabbitmq.managementUri,
      username: rabbitmq.username ?? '',
      password: rabbitmq.password ?? '',
    },
    redis: {
      host: redis.host,
      port: redis.port,
      ...(redis.authToken === undefined ? {} : { authToken: redis.authToken }),
    },
    gateway,
    bus,
  };
}
