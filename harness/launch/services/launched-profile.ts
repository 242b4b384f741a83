import type { Logger } from 'pino';
import type { ProfileName } from '../../stack/stack-document.ts';
import type { StartedServiceProcess } from './service-process.ts';

/** The application services the launcher runs, with their container ports (docs/configuration.md). */
export const APP_SERVICES = { auth: 3001, cashflow: 3002, consolidated: 3003 } as const;

export type AppServiceName = keyof typeof APP_SERVICES;

/** A demo user's login (the password is a secret: callers must not log it). */
export interface DemoUser {
  readonly username: string;
  readonly password: string;
}

/** What both profiles need from the caller. */
export interface BaseLaunchContext {
  /** The repository root (where docker-compose.yml and services/ are). */
  readonly rootDir: string;
  /** The profile's own run directory: logs, router configs, the site copy. */
  readonly runDir: string;
  readonly logger: Logger;
  /** Per-service readiness deadline. @default 60000 */
  readonly startupTimeoutMs?: number;
}

/** A running profile: its services, its router and the URL a user opens. */
export interface LaunchedProfile extends AsyncDisposable {
  readonly profile: ProfileName;
  /** The first (in compose: the only) process of each service. */
  readonly services: Readonly<Record<AppServiceName, StartedServiceProcess>>;
  /** Every process of each service: compose's one container, or the aws profile's tasks behind the ALB stand-in. */
  readonly tasks: Readonly<Record<AppServiceName, readonly StartedServiceProcess[]>>;
  /** The nginx router (compose: the frontend service; aws: ALB + CloudFront stand-in). */
  readonly router: StartedServiceProcess;
  /** Where the SPA and `/api/*` answer, e.g. `http://127.0.0.1:41234/`. */
  readonly gatewayUrl: string;
  /** The login auth seeds at start; undefined (and warned about) when the wiring sets no demo user. */
  readonly demoUser: DemoUser | undefined;
  /** Stops the router, then the services. */
  stop(): Promise<void>;
}

/** The command that runs one service from source, as its image's entrypoint would. */
export function serviceCommand(name: AppServiceName): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', `services/${name}/src/server.ts`] };
}

/**
 * Starts several services concurrently; if any fails, the ones that did start are stopped and
 * the first failure is rethrown, so a failed launch leaves no process behind.
 */
export async function startAllOrNone(
  starts: ReadonlyArray<() => Promise<StartedServiceProcess>>,
  logger: Logger,
): Promise<StartedServiceProcess[]> {
  const results = await Promise.allSettled(starts.map((start) => start()));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r) => r.status === 'rejected');
  if (failure !== undefined) {
    await stopAll(started, logger);
    throw failure.reason;
  }
  return started;
}

/** Stops handles in reverse start order, logging (not throwing) each failure so all get stopped. */
export async function stopAll(handles: readonly StartedServiceProcess[], logger: Logger): Promise<void> {
  for (const handle of [...handles].reverse()) {
    try {
      await handle.stop();
    } catch (error) {
      logger.error({ err: error, service: handle.getName() }, 'could not stop service');
    }
  }
}

/**
 * Reads the demo login from auth's effective environment (compose env or resolved task
 * secrets). Missing is not fatal: the profile still serves, but nobody can log in through it
 * until the wiring seeds a user, which the warning says.
 */
function demoUserFrom(
  env: Readonly<Record<string, string>>,
  profile: ProfileName,
  logger: Logger,
): DemoUser | undefined {
  const username = env.DEMO_USERNAME;
  const password = env.DEMO_PASSWORD;
  if (!username || !password) {
    logger.warn(
      { profile },
      profile === 'aws'
        ? 'auth has no DEMO_USERNAME/DEMO_PASSWORD: deploy the infra app with demoUsername (BuildAppProps / cdk context) to seed a demo user'
        : 'auth has no DEMO_USERNAME/DEMO_PASSWORD in docker-compose.yml: no demo user is seeded',
    );
    return undefined;
  }
  return { username, password };
}

/**
 * The running profile both launchers return once every service and the router answer: `stop()`
 * stops what was `started` in reverse order (router first), and the demo login is read from the
 * environment auth was started with.
 */
export function readyProfile(
  profile: ProfileName,
  parts: {
    readonly services: Record<AppServiceName, StartedServiceProcess>;
    /** @default one task per service, the one in `services` */
    readonly tasks?: Record<AppServiceName, readonly StartedServiceProcess[]>;
    readonly router: StartedServiceProcess;
    readonly gatewayUrl: string;
    readonly started: readonly StartedServiceProcess[];
  },
  logger: Logger,
): LaunchedProfile {
  logger.info({ gatewayUrl: parts.gatewayUrl }, `${profile} profile ready`);
  const stop = (): Promise<void> => stopAll(parts.started, logger);
  return {
    profile,
    services: parts.services,
    tasks: parts.tasks ?? {
      auth: [parts.services.auth],
      cashflow: [parts.services.cashflow],
      consolidated: [parts.services.consolidated],
    },
    router: parts.router,
    gatewayUrl: parts.gatewayUrl,
    demoUser: demoUserFrom(parts.services.auth.getEnvironment(), profile, logger),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
