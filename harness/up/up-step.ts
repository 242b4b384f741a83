import type { Logger } from 'pino';
import type { RunDir } from '../core/run-dir.ts';
import type { DeployedStack } from '../deploy/deployed-stack.ts';
import type { StartedEmulator } from '../emulator/started-emulator.ts';
import type { EmulatorChoice } from '../emulator/resolve-emulator.ts';
import type { LaunchedProfile } from '../launch/index.ts';
import type { BackingServerProvider } from '../providers/backing-server-provider.ts';
import type { StartedPostgres, StartedRabbitMq, StartedRedis } from '../providers/backing-server.ts';
import type { ProviderChoice } from '../providers/resolve-provider.ts';
import type { StackDocument, ProfileName } from '../stack/stack-document.ts';
import type { CertificateAuthority } from '../tls/certificate-authority.ts';

/** Which profiles a stack serves. */
export type ProfileChoice = 'compose' | 'aws' | 'both';

/** The options every step sees, defaults applied. */
export interface ResolvedStackOptions {
  readonly profile: ProfileChoice;
  readonly provider: ProviderChoice;
  readonly emulator: EmulatorChoice;
  readonly env: NodeJS.ProcessEnv;
  /** Most tasks the aws profile runs per service (up to its deployed desired count); unset services run one. */
  readonly maxTasks: Readonly<Partial<Record<'auth' | 'cashflow' | 'consolidated', number>>>;
}

/** One profile's backing servers (and, for aws, the emulator). */
export interface ProfileHandles {
  readonly postgres: StartedPostgres;
  readonly rabbitmq: StartedRabbitMq;
  readonly redis: StartedRedis;
  readonly emulator?: StartedEmulator;
}

/** What the steps build up, each layer in its own typed field, for the steps after it. */
export interface StackState {
  ca?: CertificateAuthority;
  provider?: BackingServerProvider;
  profiles: Partial<Record<ProfileName, ProfileHandles>>;
  /** The deploy into the aws profile's emulator; set by the deploy step, read by the launch step. */
  deploy?: DeployedStack;
  /** Each profile's running services and router; set by the launch step. */
  launched: Partial<Record<ProfileName, LaunchedProfile>>;
}

/** What a step gets: the run, the state so far, the document to fill, and a way to register cleanup. */
export interface UpContext {
  readonly options: ResolvedStackOptions;
  readonly runDir: RunDir;
  /** `.harness/` of this checkout. */
  readonly home: string;
  readonly state: StackState;
  /** The stack document; steps add their sections (it is validated when written). */
  readonly document: StackDocument;
  /** The profiles this stack serves, in order. */
  readonly profiles: readonly ProfileName[];
  /** Registers a teardown; teardowns run step by step in reverse, those of one step in parallel. */
  defer(description: string, teardown: () => Promise<void>): void;
  readonly log: Logger;
}

/** One stage of `harness up`: start backing servers, deploy, launch services, routers... */
export interface UpStep {
  readonly name: string;
  run(context: UpContext): Promise<void>;
}
