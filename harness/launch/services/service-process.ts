import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { ManagedProcess, type ProcessSpec } from '../../core/managed-process.ts';
import { readLogTail } from '../../core/log-tail.ts';
import { Wait } from '../../wait/wait.ts';
import type { WaitStrategy } from '../../wait/wait-strategy.ts';

/** A fixed environment, or one computed at every start (as ECS pulls secrets at every task start). */
export type EnvironmentSource = Readonly<Record<string, string>> | (() => Promise<Readonly<Record<string, string>>>);

/**
 * A change to the environment for one start only (fault injection: a test-only variable added, an
 * endpoint rewritten to a fault proxy); the next plain `start()` uses the recorded environment again.
 */
export type EnvironmentChange = (env: Readonly<Record<string, string>>) => Readonly<Record<string, string>>;

/** What a started service keeps from its builder; fixed at the first start so restarts reuse it. */
interface ServiceSettings {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: EnvironmentSource;
  readonly host: string;
  readonly port: number;
  /** Builds a fresh strategy for each start (strategies keep their timeout). */
  readonly waitStrategy: () => WaitStrategy | undefined;
  readonly startupTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly logFile: string;
  readonly pidFile: string;
  readonly runDir: string;
  readonly logger: Logger;
}

/** Ready when `GET <path>` answers 2xx. */
function readinessProbe(path: string): WaitStrategy {
  return Wait.forHttp(path).forStatusCodeMatching((status) => status >= 200 && status < 300, '2xx');
}

/**
 * Builder for one locally run service process (an app service or an nginx router), on the
 * harness's one process runtime ({@link ManagedProcess}): its own process group, a pid file with
 * its start time in the run dir, family-wide stop and kill. `withX()` only records; `start()`
 * spawns the process with exactly the recorded environment (nothing is inherited, no harness
 * marker is added) and waits until `GET <readinessPath>` answers 2xx.
 */
export class ServiceProcess {
  private readonly name: string;
  private readonly file: string;
  private readonly args: readonly string[];
  private cwd = process.cwd();
  private env: EnvironmentSource = {};
  private host = '127.0.0.1';
  private port = 0;
  private waitStrategy: (() => WaitStrategy | undefined) | undefined;
  private readinessPath: string | undefined = '/health/ready';
  private startupTimeoutMs = 60_000;
  private stopTimeoutMs = 10_000;
  private logFile: string;
  private runDir: string | undefined;
  private logger: Logger = pino({ level: 'silent' });

  constructor(name: string, file: string, args: readonly string[]) {
    this.name = name;
    this.file = file;
    this.args = args;
    this.logFile = `${name}.log`;
  }

  /**
   * The complete environment of the process: nothing else is passed. A function is called at
   * every start; if it throws, that start fails with its error and nothing is spawned.
   */
  withEnvironment(env: EnvironmentSource): this {
    this.env = typeof env === 'function' ? env : { ...env };
    return this;
  }

  withWorkingDirectory(cwd: string): this {
    this.cwd = cwd;
    return this;
  }

  /** Where the process listens; used for readiness and `getUrl()` (it is not passed to the process). */
  withListenAddress(host: string, port: number): this {
    this.host = host;
    this.port = port;
    return this;
  }

  /** HTTP path that must answer 2xx for readiness; `undefined` to only wait for the spawn. @default '/health/ready' */
  withReadinessPath(path: string | undefined): this {
    this.readinessPath = path;
    this.waitStrategy = undefined;
    return this;
  }

  /**
   * Another readiness check (e.g. `Wait.forHttp(path).usingTls(caFile)`), called at every start
   * for a fresh strategy; it replaces the readiness path.
   */
  withWaitStrategy(strategy: () => WaitStrategy): this {
    this.waitStrategy = strategy;
    return this;
  }

  /** How long a start may take; extended while the process makes progress (CPU time, log output). @default 60000 */
  withStartupTimeout(timeoutMs: number): this {
    this.startupTimeoutMs = timeoutMs;
    return this;
  }

  /** Grace period between SIGTERM and SIGKILL in `stop()`. @default 10000 */
  withStopTimeout(timeoutMs: number): this {
    this.stopTimeoutMs = timeoutMs;
    return this;
  }

  /** File that receives stdout and stderr (appended across restarts, a banner line per start). */
  withLogFile(path: string): this {
    this.logFile = path;
    return this;
  }

  /**
   * The run dir the service belongs to: its pid file `<name>.pid` goes there, which is how
   * stale-run cleanup and leftover checks find it. @default the log file's directory
   */
  withRunDir(runDir: string): this {
    this.runDir = runDir;
    return this;
  }

  withLogger(logger: Logger): this {
    this.logger = logger;
    return this;
  }

  async start(): Promise<StartedServiceProcess> {
    const runDir = this.runDir ?? dirname(this.logFile);
    const readinessPath = this.readinessPath;
    const settings: ServiceSettings = {
      name: this.name,
      file: this.file,
      args: this.args,
      cwd: this.cwd,
      env: this.env,
      host: this.host,
      port: this.port,
      waitStrategy:
        this.waitStrategy ?? (() => (readinessPath === undefined ? undefined : readinessProbe(readinessPath))),
      startupTimeoutMs: this.startupTimeoutMs,
      stopTimeoutMs: this.stopTimeoutMs,
      logFile: this.logFile,
      pidFile: join(runDir, `${this.name}.pid`),
      runDir,
      logger: this.logger.child({ service: this.name }),
    };
    const started = new StartedServiceProcess(settings);
    await started.start();
    return started;
  }
}

/** A stopped (or killed) service; `start()` resumes the same handle on the same port. */
export interface StoppedServiceProcess {
  start(change?: EnvironmentChange): Promise<StartedServiceProcess>;
}

/** A running (or stopped and restartable) service process. */
export class StartedServiceProcess implements AsyncDisposable {
  private readonly settings: ServiceSettings;
  private process: ManagedProcess | undefined;
  private lastEnvironment: Readonly<Record<string, string>> = {};

  constructor(settings: ServiceSettings) {
    this.settings = settings;
  }

  getName(): string {
    return this.settings.name;
  }

  getHost(): string {
    return this.settings.host;
  }

  getPort(): number {
    return this.settings.port;
  }

  /** The base URL the service answers on. */
  getUrl(): URL {
    const url = new URL('http://placeholder/');
    url.hostname = this.settings.host;
    url.port = String(this.settings.port);
    return url;
  }

  getLogFile(): string {
    return this.settings.logFile;
  }

  /** The environment the process was last started with (for checks such as the secrets scan). */
  getEnvironment(): Readonly<Record<string, string>> {
    return this.lastEnvironment;
  }

  getPid(): number | undefined {
    return this.process?.pid;
  }

  isRunning(): boolean {
    return this.process?.isRunning() ?? false;
  }

  /**
   * Starts the process again after `stop()`/`kill()` (as the stopped handle's `start()` does); a
   * no-op while it runs. The environment is computed anew first: if that throws, nothing is spawned.
   * `change`, when given, alters that environment for this start only.
   * @throws HarnessError `LAUNCH_SERVICE_START_FAILED` with the log tail when it exits or is not ready in time
   */
  async start(change?: EnvironmentChange): Promise<this> {
    if (this.isRunning()) return this;
    const { settings } = this;
    const recorded = typeof settings.env === 'function' ? await settings.env() : settings.env;
    const env = change === undefined ? recorded : change(recorded);
    this.lastEnvironment = env;
    const spec: ProcessSpec = {
      name: settings.name,
      file: settings.file,
      args: settings.args,
      env,
      runDirMarker: false,
      cwd: settings.cwd,
      runDir: settings.runDir,
      logFile: settings.logFile,
      pidFile: settings.pidFile,
    };
    const proc = ManagedProcess.spawn(spec);
    this.process = proc;
    proc.exitSignal.addEventListener('abort', () =>
      settings.logger.info({ pid: proc.pid, exit: proc.describeExit() }, 'service process exited'),
    );
    settings.logger.info({ pid: proc.pid, url: this.getUrl().href, log: settings.logFile }, 'service process started');
    const strategy = settings.waitStrategy();
    if (strategy === undefined) {
      proc.recordFamily();
      return this;
    }
    await proc.waitUntilReady(strategy, {
      host: settings.host,
      ports: [settings.port],
      timeoutMs: settings.startupTimeoutMs,
      errorCode: 'LAUNCH_SERVICE_START_FAILED',
      logLines: 40,
    });
    return this;
  }

  /** SIGTERM to its process group, then SIGKILL after the stop timeout; resolves once the whole family is gone. */
  async stop(): Promise<StoppedServiceProcess> {
    await this.process?.stop(this.settings.stopTimeoutMs);
    return this.stoppedHandle();
  }

  /** SIGKILL to its whole family, as a crashed task; resolves once every member is gone. */
  async kill(): Promise<StoppedServiceProcess> {
    await this.process?.kill();
    return this.stoppedHandle();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The last lines of the process's log. */
  logTail(lines = 40): string {
    return readLogTail(this.settings.logFile, lines);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private stoppedHandle(): StoppedServiceProcess {
    return { start: (change) => this.start(change) };
  }
}
