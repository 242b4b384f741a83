import type { UpContext, UpStep } from '../up/up-step.ts';
import { adoptServerCredentials } from './adopt-server-credentials.ts';
import { bindEndpoints, createEndpointResolver, type BoundEndpoint, type EndpointBinding } from './bind-endpoints.ts';
import { deployFilePath, deployStack, type DeployOptions, type DeployResult } from './deploy-stack.ts';
import { createEmulatorClients, destroyEmulatorClients } from './emulator-clients.ts';

/** What the deploy step leaves in `state.extensions.deploy` for the launch layer. */
export interface DeployExtension {
  readonly result: DeployResult;
  readonly bindings: readonly EndpointBinding[];
  readonly resolve: (host: string, port: number | undefined) => BoundEndpoint | undefined;
  readonly deployFile: string;
}

/** Options of {@link createDeployUpStep}. */
export interface DeployUpStepOptions {
  /** Extra infra app props. @default `{ demoUsername: 'demo' }`, the user the compose wiring seeds too */
  readonly appProps?: DeployOptions['appProps'];
}

/**
 * `harness up` step: deploys the infra app into the aws profile's emulator (the run CA's server
 * certificate goes into ACM for the ALB), writes the backing servers' logins into the emulated
 * secrets, binds the emulated endpoints to the managed servers and records it all in the stack
 * document (`profiles.aws.deploy`) and `.harness/deploy.json`.
 */
export function createDeployUpStep(options: DeployUpStepOptions = {}): UpStep {
  return {
    name: 'deploy into the emulator',
    run: (context) => runDeployStep(context, options.appProps ?? { demoUsername: 'demo' }),
  };
}

/** {@link createDeployUpStep} with its defaults. */
export const deployUpStep: UpStep = createDeployUpStep();

async function runDeployStep(context: UpContext, appProps: DeployOptions['appProps']): Promise<void> {
  const aws = context.state.profiles.aws;
  if (!aws) return;
  if (!aws.emulator) throw new Error('the aws profile has no emulator to deploy into');
  const log = context.log.child({ component: 'deploy' });
  const material = context.state.ca?.serverMaterial();
  const deployFile = deployFilePath(context.home);
  const result = await deployStack({
    endpoint: aws.emulator.getEndpoint(),
    region: aws.emulator.getRegion(),
    certificate: material ? { cert: material.cert, key: material.key, chain: material.ca } : undefined,
    outputFile: deployFile,
    appProps,
    log,
  });
  const clients = createEmulatorClients({
    endpoint: aws.emulator.getEndpoint(),
    region: aws.emulator.getRegion(),
    accountId: result.emulator.accountId,
  });
  try {
    await adoptServerCredentials(
      clients,
      result,
      {
        rds: aws.postgres.getCredentials(),
        mq: aws.rabbitmq.getCredentials(),
        elasticache: { password: aws.redis.getAuthToken() },
      },
      log,
    );
  } finally {
    destroyEmulatorClients(clients);
  }
  const bindings = bindEndpoints(result, aws, log);
  const extension: DeployExtension = { result, bindings, resolve: createEndpointResolver(bindings), deployFile };
  context.state.extensions.deploy = extension;
  const profile = context.document.profiles.aws as Record<string, unknown> | undefined;
  if (profile) {
    profile.deploy = {
      stackName: result.stackName,
      status: result.status,
      deployFile,
      outputs: result.outputs,
      bindings,
      taskDefinitions: result.taskDefinitions.map((t) => ({ family: t.family, arn: t.arn })),
    };
  }
}
