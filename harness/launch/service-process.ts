import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { readLogTail } from './log-tail.ts';
import { waitForHttp } from './wait-for-http.ts';

/** A launched process that failed to start or become ready; the message ends with its log tail. */
export class ServiceStartError extends Error {
  readonly code = 'LAUNCH_SERVICE_START_FAILED';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ServiceStartError';
  }
}

/** A fixed environment, or one computed at every start (as ECS pulls secrets at every task start). */
export type EnvironmentSource = Readonly<Record<string, string>> | (() => Promise<Readonly<Record<string, string>>>);

interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: EnvironmentSource;
  readonly host: string;
  readonly port: number;
  readonly readinessPath: string | undefined;
  readonly startupTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly logFile: string;
  readonly logger: Logger;
}

/**
 * Builder for one locally run service process. `withX()` only records; `start()` spawns the
 * process with exactly the recorded environment (nothing is inherited) and waits until
 * `GET <readinessPath>` answers 2xx.
 */
export class ServiceProcess {
  private cwd = process.cwd();
  private env: EnvironmentSource = {};
  private host = '127.0.0.1';
  private port = 0;
  private readinessPath: string | undefined = '/health/ready';
  private startupTimeoutMs = 30_000;
  private stopTimeoutMs = 10_000;
  private logFile: string;
  private logger: Logger = pino({ level: 'silent' });

  constructor(
    private readonly name: string,
    private readonly command: string,
    private readonly args: readonly string[],
  ) {
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

  /** HTTP path polled for readiness; `undefined` to only wait for the spawn. @default '/health/ready' */
  withReadinessPath(path: string | undefined): this {
    this.readinessPath = path;
    return this;
  }

  withStartupTimeout(timeoutMs: number): this {
    this.startupTimeoutMs = timeoutMs;
    return this;
  }

  /** Grace period between SIGTERM and SIGKILL in `stop()`. @default 10000 */
  withStopTimeout(timeoutMs: number): this {
    this.stopTimeoutMs = timeoutMs;
    return this;
  }

  /** File that receives stdout and stderr (appended across restarts). */
  withLogFile(path: string): this {
    this.logFile = path;
    return this;
  }

  withLogger(logger: Logger): this {
    this.logger = logger;
    return this;
  }

  async start(): Promise<StartedServiceProcess> {
    const spec: ProcessSpec = {
      name: this.name,
      command: this.command,
      args: this.args,
      cwd: this.cwd,
      env: this.env,
      host: this.host,
      port: this.port,
      readinessPath: this.readinessPath,
      startupTimeoutMs: this.startupTimeoutMs,
      stopTimeoutMs: this.stopTimeoutMs,
      logFile: this.logFile,
      logger: this.logger.child({ service: this.name }),
    };
    const started = new StartedServiceProcess(spec);
    await started.start();
    return started;
  }
}

/** A running (or stopped and restartable) service process. */
export class StartedServiceProcess implements AsyncDisposable {
  private child: ChildProcess | undefined;
  private exit: Promise<void> = Promise.resolve();
  private exitDescription: string | undefined;
  private lastEnvironment: Readonly<Record<string, string>> = {};

  constructor(private readonly spec: ProcessSpec) {}

  getName(): string {
    return this.spec.name;
  }

  getHost(): string {
    return this.spec.host;
  }

  getPort(): number {
    return this.spec.port;
  }

  /** The base URL the service answers on. */
  getUrl(): URL {
    return new URL(`http://${this.spec.host}:${this.spec.port}/`);
  }

  getLogFile(): string {
    return this.spec.logFile;
  }

  /** The environment the process was last started with (for checks such as the secrets scan). */
  getEnvironment(): Readonly<Record<string, string>> {
    return this.lastEnvironment;
  }

  getPid(): number | undefined {
    return this.child?.pid;
  }

  isRunning(): boolean {
    return this.child !== undefined && this.exitDescription === undefined;
  }

  /** Starts the process again after `stop()`/`kill()`; a no-op while it runs. */
  async start(): Promise<void> {
    if (this.isRunning()) return;
    const { spec } = this;
    const env = typeof spec.env === 'function' ? await spec.env() : spec.env;
    this.lastEnvironment = env;
    mkdirSync(dirname(spec.logFile), { recursive: true });
    appendFileSync(spec.logFile, `\n--- ${new Date().toISOString()} starting ${spec.name}\n`);
    const fd = openSync(spec.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    this.exitDescription = undefined;
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitDescription = signal === null ? `exit code ${code}` : `signal ${signal}`;
        spec.logger.info({ pid: child.pid, exit: this.exitDescription }, 'service process exited');
        resolve();
      });
      child.once('error', (error) => {
        this.exitDescription = `spawn failed: ${error.message}`;
        resolve();
      });
    });
    spec.logger.info({ pid: child.pid, url: this.getUrl().href, log: spec.logFile }, 'service process started');
    try {
      await this.waitUntilReady();
    } catch (error) {
      await this.kill();
      const tail = await readLogTail(spec.logFile);
      throw new ServiceStartError(
        `${spec.name} did not become ready: ${(error as Error).message}\n--- last lines of ${spec.logFile}:\n${tail}`,
        { cause: error },
      );
    }
  }

  /** SIGTERM, then SIGKILL after the stop timeout; resolves once the process has exited. */
  async stop(): Promise<void> {
    if (!this.isRunning()) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.spec.logger.warn({ timeoutMs: this.spec.stopTimeoutMs }, 'no exit after SIGTERM: sending SIGKILL');
      this.child?.kill('SIGKILL');
    }, this.spec.stopTimeoutMs);
    try {
      await this.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL, as a crashed task; resolves once the process has exited. */
  async kill(): Promise<void> {
    if (!this.isRunning()) return;
    this.child!.kill('SIGKILL');
    await this.exit;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The last lines of the process's log. */
  async readLogTail(lines = 40): Promise<string> {
    return readLogTail(this.spec.logFile, lines);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async waitUntilReady(): Promise<void> {
    const { spec } = this;
    if (spec.readinessPath === undefined) return;
    const url = new URL(spec.readinessPath, this.getUrl());
    await waitForHttp(url, {
      timeoutMs: spec.startupTimeoutMs,
      abortReason: () =>
        this.exitDescription === undefined ? undefined : `the process ended (${this.exitDescription})`,
    });
  }
}
