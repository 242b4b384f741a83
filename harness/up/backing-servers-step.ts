import { HarnessError } from '../core/harness-error.ts';
import { EMULATOR_CREDENTIALS, type StartedEmulator } from '../emulator/started-emulator.ts';
import { startEmulator } from '../emulator/resolve-emulator.ts';
import type {
  StartedBackingServer,
  StartedPostgres,
  StartedRabbitMq,
  StartedRedis,
} from '../providers/backing-server.ts';
import type { BackingServerRequest } from '../providers/backing-server-provider.ts';
import { resolveProvider } from '../providers/resolve-provider.ts';
import type { BackingServerEntry, ProfileName } from '../stack/stack-document.ts';
import type { ProfileHandles, UpContext, UpStep } from './up-step.ts';

function entry(server: StartedBackingServer): BackingServerEntry {
  const { username, password } = server.getCredentials();
  return {
    uri: server.getConnectionUri(),
    host: server.getHost(),
    port: server.getPort(),
    tls: server.usesTls(),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(server.getCaFile() ? { caFile: server.getCaFile() } : {}),
  };
}

/** Settles every start, registers a teardown for each that started, and fails with all errors. */
async function startAll(
  context: UpContext,
  starts: { description: string; promise: Promise<AsyncDisposable> }[],
): Promise<void> {
  const results = await Promise.allSettled(starts.map((s) => s.promise));
  const failures: string[] = [];
  results.forEach((result, index) => {
    const description = starts[index]?.description ?? '?';
    if (result.status === 'fulfilled') {
      const handle = result.value;
      context.defer(description, async () => {
        await handle[Symbol.asyncDispose]();
      });
    } else {
      failures.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
    }
  });
  if (failures.length > 0) {
    const first = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    throw new HarnessError('START_FAILED', failures.join('\n\n'), { cause: first.reason });
  }
}

/** Options of {@link createBackingServersStep}. */
export interface BackingServersStepOptions {
  /**
   * Called as soon as the emulator answers, while the servers may still be starting, so that work
   * needing only the emulator (the deploy) overlaps the slowest server starts. Must not throw.
   * @default none
   */
  readonly onEmulatorStarted?: (context: UpContext, emulator: StartedEmulator) => void;
}

/**
 * Starts every profile's PostgreSQL, RabbitMQ and Redis (compose flavour for `compose`, managed for
 * `aws`) and, for `aws`, the emulator, all in parallel; then records them in the stack document.
 */
export function createBackingServersStep(options: BackingServersStepOptions = {}): UpStep {
  return { name: 'backing servers and emulator', run: (context) => runBackingServersStep(context, options) };
}

/** {@link createBackingServersStep} without hooks. */
export const backingServersStep: UpStep = createBackingServersStep();

async function runBackingServersStep(context: UpContext, options: BackingServersStepOptions): Promise<void> {
  const { ca } = context.state;
  if (!ca) throw new HarnessError('STATE_INVALID', 'the certificate authority step must run first');
  const provider = await resolveProvider(context.options.provider, context.options.env);
  context.state.provider = provider;
  context.document.provider = provider.name;
  const pending = new Map<
    ProfileName,
    { postgres: Promise<StartedPostgres>; rabbitmq: Promise<StartedRabbitMq>; redis: Promise<StartedRedis> }
  >();
  const starts: { description: string; promise: Promise<AsyncDisposable> }[] = [];
  for (const profile of context.profiles) {
    const request: BackingServerRequest = {
      flavour: profile === 'aws' ? 'managed' : 'compose',
      runId: context.runDir.runId,
      runDir: context.runDir.path,
      ca,
      env: context.options.env,
    };
    const servers = {
      postgres: provider.startPostgres(request),
      rabbitmq: provider.startRabbitMq(request),
      redis: provider.startRedis(request),
    };
    pending.set(profile, servers);
    for (const [kind, promise] of Object.entries(servers)) {
      starts.push({ description: `${kind} (${request.flavour})`, promise });
    }
  }
  const emulator = context.profiles.includes('aws')
    ? startEmulator({
        choice: context.options.emulator,
        provider: provider.name,
        runDir: context.runDir.path,
        env: context.options.env,
      })
    : undefined;
  if (emulator) starts.push({ description: `emulator (${context.options.emulator})`, promise: emulator });
  const { onEmulatorStarted } = options;
  if (emulator && onEmulatorStarted) {
    // A failed emulator start is reported by startAll below; here it only means no early work.
    emulator.then((started) => onEmulatorStarted(context, started)).catch(() => undefined);
  }
  await startAll(context, starts);

  for (const [profile, servers] of pending) {
    const handles: ProfileHandles = {
      postgres: await servers.postgres,
      rabbitmq: await servers.rabbitmq,
      redis: await servers.redis,
      ...(profile === 'aws' && emulator ? { emulator: await emulator } : {}),
    };
    context.state.profiles[profile] = handles;
    const { postgres, rabbitmq, redis } = handles;
    context.document.profiles[profile] = {
      backing: {
        postgres: {
          ...entry(postgres),
          databases: Object.fromEntries(postgres.getDatabases().map((db) => [db, postgres.getDatabaseUri(db)])),
        },
        rabbitmq: { ...entry(rabbitmq), managementUri: rabbitmq.getManagementUri() },
        redis: { ...entry(redis), ...(redis.getAuthToken() ? { authToken: redis.getAuthToken() } : {}) },
      },
      ...(handles.emulator
        ? {
            emulator: {
              kind: handles.emulator.kind,
              endpoint: handles.emulator.getEndpoint(),
              region: handles.emulator.getRegion(),
              version: handles.emulator.getVersion(),
              ...EMULATOR_CREDENTIALS,
            },
          }
        : {}),
    };
  }
}
