import { join } from 'node:path';
import { REPO_ROOT } from '../core/run-dir.ts';
import { EMULATOR_CREDENTIALS } from '../emulator/started-emulator.ts';
import type { ProfileName } from '../stack/stack-document.ts';
import type { ProfileHandles, UpContext, UpStep } from '../up/up-step.ts';
import type { AwsLaunchClients } from './aws-profile.ts';
import { bindingFromDeploy, deployFactsFrom } from './deploy-facts.ts';
import type { LaunchedProfile } from './launched-profile.ts';

/** Where later layers find each profile's launched services: `state.extensions['launch:<profile>']`. */
export function launchExtensionKey(profile: ProfileName): string {
  return `launch:${profile}`;
}

/**
 * The `harness up` step that runs each profile's services and router (profiles in parallel),
 * and records each profile's service URLs, gateway URL and demo login in the stack document.
 * The aws profile needs the deploy step's result in `state.extensions.deploy`.
 */
export const launchStep: UpStep = {
  name: 'services and routers',
  async run(context) {
    const results = await Promise.allSettled(context.profiles.map((profile) => launchOne(context, profile)));
    for (const result of results) {
      if (result.status === 'fulfilled') {
        const launched = result.value;
        context.defer(`${launched.profile} services and router`, () => launched.stop());
      }
    }
    const failure = results.find((r) => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  },
};

async function launchOne(context: UpContext, profile: ProfileName): Promise<LaunchedProfile> {
  const handles = context.state.profiles[profile];
  if (handles === undefined)
    throw new Error(`launch: no backing servers for the ${profile} profile (run that step first)`);
  const base = {
    rootDir: REPO_ROOT,
    runDir: join(context.runDir.path, `launch-${profile}`),
    logger: context.log.child({ step: 'launch' }),
  };
  // The profiles' modules (the AWS SDK clients among them) load when this step runs, so that
  // `harness up --backing-only` and the start of every `up` do not pay for them.
  const launched =
    profile === 'compose'
      ? await (
          await import('./compose-profile.ts')
        ).launchComposeProfile({ ...base, backing: handles, interpolationEnv: context.options.env })
      : await launchAws(context, handles, base);
  context.state.extensions[launchExtensionKey(profile)] = launched;
  const entry = context.document.profiles[profile];
  if (entry !== undefined) {
    entry.services = Object.fromEntries(
      Object.entries(launched.services).map(([name, handle]) => [name, { url: handle.getUrl().href }]),
    );
    // The stack file is written 0600: it may hold the demo login, as it holds the servers' credentials.
    const gateway = { url: launched.gatewayUrl, ...launched.demoUser };
    entry.gateway = gateway;
  }
  return launched;
}

async function launchAws(
  context: UpContext,
  handles: ProfileHandles,
  base: { rootDir: string; runDir: string; logger: UpContext['log'] },
): Promise<LaunchedProfile> {
  if (handles.emulator === undefined) throw new Error('launch: the aws profile has no emulator');
  const deploy = deployFactsFrom(context.state.extensions.deploy);
  const config = {
    endpoint: handles.emulator.getEndpoint(),
    region: handles.emulator.getRegion(),
    credentials: { ...EMULATOR_CREDENTIALS },
  };
  const [{ launchAwsProfile }, { ECSClient }, { ElasticLoadBalancingV2Client }, { CloudFrontClient }, s3, sm, ssm] =
    await Promise.all([
      import('./aws-profile.ts'),
      import('@aws-sdk/client-ecs'),
      import('@aws-sdk/client-elastic-load-balancing-v2'),
      import('@aws-sdk/client-cloudfront'),
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/client-secrets-manager'),
      import('@aws-sdk/client-ssm'),
    ]);
  const { S3Client } = s3;
  const { SecretsManagerClient } = sm;
  const { SSMClient } = ssm;
  const clients: AwsLaunchClients = {
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    cloudFront: new CloudFrontClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    secretsManager: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
  };
  const destroyClients = (): void => {
    for (const client of Object.values(clients)) client.destroy();
  };
  try {
    const launched = await launchAwsProfile({
      ...base,
      clients,
      stackOutputs: deploy.outputs,
      resolveBinding: deploy.resolveBinding ?? bindingFromDeploy(deploy.endpoints, handles, base.logger),
      ...(context.state.ca?.caFile === undefined ? {} : { caFile: context.state.ca.caFile }),
      // moto has no CloudFront Functions API and drops the distribution's function associations:
      // the infra app associates exactly one, its SPA fallback, with the default behaviour.
      functionCode: async () => (await import('../../infra/lib/frontend.ts')).SPA_FALLBACK_FUNCTION_CODE,
      defaultBehaviourFunctions: deploy.cloudFrontFunctions,
    });
    // The clients stay open while the profile runs: restarts pull secrets again.
    const stop = async (): Promise<void> => {
      await launched.stop();
      destroyClients();
    };
    return { ...launched, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    destroyClients();
    throw error;
  }
}
