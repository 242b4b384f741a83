import { join } from 'node:path';
import { HarnessError } from '../core/harness-error.ts';
import { REPO_ROOT } from '../core/run-dir.ts';
import type { LaunchedProfile } from '../launch/index.ts';
import type { ProfileName } from '../stack/stack-document.ts';
import type { ProfileHandles, UpContext, UpStep } from './up-step.ts';

/**
 * The `harness up` step that runs each profile's services and router (profiles in parallel),
 * keeps each in `state.launched`, and records each profile's service URLs, gateway URL and demo
 * login in the stack document. The aws profile needs the deploy step's result in `state.deploy`.
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
  if (handles === undefined) {
    throw new HarnessError(
      'STATE_INVALID',
      `launch: no backing servers for the ${profile} profile (run that step first)`,
    );
  }
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
          await import('../launch/index.ts')
        ).launchComposeProfile({ ...base, backing: handles, interpolationEnv: context.options.env })
      : await launchAws(context, handles, base);
  context.state.launched[profile] = launched;
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
  if (handles.emulator === undefined)
    throw new HarnessError('STATE_INVALID', 'launch: the aws profile has no emulator');
  const [{ launchAwsProfile, deployFactsFrom }, { createEmulatorClients, destroyEmulatorClients }] = await Promise.all([
    import('../launch/index.ts'),
    import('../aws/emulator-clients.ts'),
  ]);
  const deploy = deployFactsFrom(context.state.deploy);
  const clients = createEmulatorClients({
    endpoint: handles.emulator.getEndpoint(),
    region: handles.emulator.getRegion(),
    accountId: deploy.accountId,
    // The launch only reads (task definitions, secrets, routing, the bucket): a call that a busy
    // emulator drops may be retried, as the SDK does by default, without hiding a cause.
    maxAttempts: 3,
  });
  try {
    const launched = await launchAwsProfile({
      ...base,
      clients,
      stackOutputs: deploy.outputs,
      resolveBinding: deploy.resolveBinding,
      ...(context.state.ca?.caFile === undefined ? {} : { caFile: context.state.ca.caFile }),
      // moto has no CloudFront Functions API and drops the distribution's function associations:
      // the deploy recorded the deployed functions' code and associations.
      functionCode: deploy.functionCode,
      defaultBehaviourFunctions: deploy.defaultBehaviourFunctions,
      maxTasks: context.options.maxTasks,
    });
    // The clients stay open while the profile runs: restarts pull secrets again.
    const stop = async (): Promise<void> => {
      await launched.stop();
      destroyEmulatorClients(clients);
    };
    return { ...launched, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    destroyEmulatorClients(clients);
    throw error;
  }
}
