import { HarnessError } from '../core/harness-error.ts';
import type { DeployOptions, DeployResult } from '../deploy/deploy-stack.ts';
import type { DeployedStack } from '../deploy/deployed-stack.ts';
import type { StartedEmulator } from '../emulator/started-emulator.ts';
import type { UpContext, UpStep } from './up-step.ts';

// The deploy's own modules (aws-cdk-lib, the infra app, the AWS SDK clients) take about 2 s to load.
// They are loaded when the deploy starts, not when `harness up` starts, so that loading them never
// delays the backing servers, and overlaps their boot when the deploy begins early.
const deployModules = async () => {
  const [stack, credentials, binding, clients] = await Promise.all([
    import('../deploy/deploy-stack.ts'),
    import('../deploy/adopt-server-credentials.ts'),
    import('../deploy/bind-endpoints.ts'),
    import('../aws/emulator-clients.ts'),
  ]);
  return { ...stack, ...credentials, ...binding, ...clients };
};

/** Options of {@link createDeployStep}. */
export interface DeployStepOptions {
  /**
   * CDK context the emulated deploy changes, each with its reason (recorded as an adaptation).
   * @default `demoUsername: 'demo'`, the user the compose wiring seeds too
   */
  readonly contextOverrides?: DeployOptions['contextOverrides'];
  /** Deploy this template instead of the infra app's (the self-test's seeded copies). @default the infra app's */
  readonly template?: DeployOptions['template'];
}

/** The deploy step, plus a way to start its deploy before the step's turn (see {@link DeployStep.begin}). */
export interface DeployStep extends UpStep {
  /**
   * Starts deploying into `emulator` now, while the backing servers may still be starting (the deploy
   * needs only the emulator and the run's CA); the step's `run` then awaits it instead of deploying.
   * Hand it to the backing-servers step's `onEmulatorStarted`.
   */
  begin(context: UpContext, emulator: StartedEmulator): void;
}

/** A deploy started early, settled so that a failure waits for the step's turn to be reported. */
type EarlyDeploy = Promise<{ ok: true; result: DeployResult } | { ok: false; error: unknown }>;

/**
 * `harness up` step: deploys the infra app into the aws profile's emulator (the run CA's server
 * certificate goes into ACM for the ALB), writes the backing servers' logins into the emulated
 * secrets, binds the emulated endpoints to the managed servers and records it all in the stack
 * document (`profiles.aws.deploy`) and `.harness/deploy.json`. The launch step finds the result
 * in `state.deploy`.
 */
export function createDeployStep(options: DeployStepOptions = {}): DeployStep {
  const overrides = options.contextOverrides ?? DEMO_USER_OVERRIDE;
  const template = options.template;
  const early = new WeakMap<UpContext, EarlyDeploy>();
  return {
    name: 'deploy into the emulator',
    begin(context, emulator) {
      if (!context.profiles.includes('aws') || early.has(context)) return;
      early.set(
        context,
        deployInto(context, emulator, overrides, template).then(
          (result) => ({ ok: true, result }),
          (error: unknown) => ({ ok: false, error }),
        ),
      );
    },
    run: (context) => runDeployStep(context, overrides, early.get(context), template),
  };
}

/** compose seeds a `demo` user; the gate logs in as it on both profiles, so the target must seed it too. */
export const DEMO_USER_OVERRIDE: DeployOptions['contextOverrides'] = {
  demoUsername: {
    value: 'demo',
    reason: 'the compose wiring seeds this user, and the gate logs in as it on both profiles',
  },
};

/** {@link createDeployStep} with its defaults. */
export const deployStep: DeployStep = createDeployStep();

async function deployInto(
  context: UpContext,
  emulator: StartedEmulator,
  overrides: DeployOptions['contextOverrides'],
  template: DeployOptions['template'],
): Promise<DeployResult> {
  const { deployStack, deployFilePath } = await deployModules();
  const material = context.state.ca?.serverMaterial();
  return deployStack({
    endpoint: emulator.getEndpoint(),
    region: emulator.getRegion(),
    certificate: material ? { cert: material.cert, key: material.key, chain: material.ca } : undefined,
    outputFile: deployFilePath(context.home),
    contextOverrides: overrides,
    template,
    log: context.log.child({ component: 'deploy' }),
  });
}

async function runDeployStep(
  context: UpContext,
  overrides: DeployOptions['contextOverrides'],
  early: EarlyDeploy | undefined,
  template: DeployOptions['template'],
): Promise<void> {
  const aws = context.state.profiles.aws;
  if (!aws) return;
  if (!aws.emulator) throw new HarnessError('STATE_INVALID', 'the aws profile has no emulator to deploy into');
  const log = context.log.child({ component: 'deploy' });
  const { deployFilePath, createEmulatorClients, adoptServerCredentials, destroyEmulatorClients, ...binding } =
    await deployModules();
  const deployFile = deployFilePath(context.home);
  let result: DeployResult;
  if (early) {
    const settled = await early;
    if (!settled.ok) throw settled.error;
    result = settled.result;
  } else {
    result = await deployInto(context, aws.emulator, overrides, template);
  }
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
  if (result.taskDefinitions.some((taskDefinition) => taskDefinition.resolvedAtDeploy.length > 0)) {
    // A task definition holding a `{{resolve:...}}` value got the secret's generated value; on AWS
    // the server was created with that value, here the secret now holds the server's own login.
    // One more deploy resolves it again, so the task definition holds what AWS would have baked in.
    log.info(
      { references: result.taskDefinitions.flatMap((taskDefinition) => taskDefinition.resolvedAtDeploy) },
      'task definitions resolve secrets at deploy: deploying again after the credentials were adopted',
    );
    result = await deployInto(context, aws.emulator, overrides, template);
  }
  const bindings = binding.bindEndpoints(result, aws, log);
  const deployed: DeployedStack = {
    ...result,
    bindings,
    resolveBinding: binding.createEndpointResolver(bindings),
    deployFile,
  };
  context.state.deploy = deployed;
  const profile = context.document.profiles.aws;
  if (profile) {
    profile.deploy = {
      stackName: result.stackName,
      status: result.status,
      deployFile,
      outputs: { ...result.outputs },
      bindings: bindings.map((b) => ({ ...b })),
      taskDefinitions: result.taskDefinitions.map((t) => ({ family: t.family, arn: t.arn })),
    };
  }
}
