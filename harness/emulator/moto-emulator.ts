import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getFreePort } from '../core/free-port.ts';
import { HarnessError } from '../core/harness-error.ts';
import { logFor } from '../core/logger.ts';
import { readLogTail } from '../core/log-tail.ts';
import { ManagedProcess, type ProcessSpec } from '../core/managed-process.ts';
import { Wait } from '../wait/wait.ts';
import { findMotoInstallation, readMotoVersion, type MotoInstallation } from './moto-installation.ts';
import { EMULATOR_REGION, type StartedEmulator } from './started-emulator.ts';

/** moto_server on a free loopback port, in its own directory under the run dir. */
export class MotoEmulator {
  private runDir = '';
  private port: number | undefined;
  private startupTimeoutMs = 60_000;

  withRunDir(runDir: string): this {
    this.runDir = runDir;
    return this;
  }

  withPort(port: number): this {
    this.port = port;
    return this;
  }

  withStartupTimeout(timeoutMs: number): this {
    this.startupTimeoutMs = timeoutMs;
    return this;
  }

  async start(): Promise<StartedMotoEmulator> {
    if (!this.runDir) throw new HarnessError('OPTION_INVALID', 'MotoEmulator: withRunDir() is required');
    const installation = await findMotoInstallation();
    const dir = join(this.runDir, 'moto');
    mkdirSync(dir, { recursive: true });
    const port = this.port ?? (await getFreePort());
    const version = readMotoVersion(installation);
    const emulator = new StartedMotoEmulator(installation, this.runDir, dir, port, this.startupTimeoutMs);
    try {
      await emulator.start();
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    emulator.version = `moto ${await version}`;
    return emulator;
  }
}

/** A running moto_server. */
export class StartedMotoEmulator implements StartedEmulator {
  readonly kind = 'moto' as const;
  /** Filled in once the version probe (run in parallel with the start) answers. */
  version = 'moto unknown';
  private readonly installation: MotoInstallation;
  private readonly runDir: string;
  private readonly dir: string;
  private readonly port: number;
  private readonly startupTimeoutMs: number;
  private process: ManagedProcess | undefined;
  private readonly log = logFor('moto');

  constructor(installation: MotoInstallation, runDir: string, dir: string, port: number, startupTimeoutMs: number) {
    this.installation = installation;
    this.runDir = runDir;
    this.dir = dir;
    this.port = port;
    this.startupTimeoutMs = startupTimeoutMs;
  }

  private spec(): ProcessSpec {
    return {
      name: 'moto',
      file: this.installation.python,
      args: [this.installation.script, '-H', '127.0.0.1', '-p', String(this.port)],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? this.dir, PYTHONUNBUFFERED: '1' },
      cwd: this.dir,
      runDir: this.runDir,
      logFile: join(this.dir, 'moto.log'),
      pidFile: join(this.dir, 'moto.pid'),
    };
  }

  async start(): Promise<void> {
    if (this.isRunning()) return;
    const started = Date.now();
    const proc = ManagedProcess.spawn(this.spec());
    this.process = proc;
    const strategy = Wait.forHttp('/moto-api/');
    try {
      await strategy.withStartupTimeout(this.startupTimeoutMs).waitUntilReady({
        name: 'moto',
        host: '127.0.0.1',
        ports: [this.port],
        readLog: () => proc.readLogSinceStart(),
        signal: proc.exitSignal,
      });
    } catch (error) {
      const exit = proc.describeExit();
      await proc.kill();
      throw new HarnessError(
        'START_FAILED',
        `moto did not become ready (${exit ?? (error as Error).message}); awaited ${strategy.describe()}.` +
          `\n--- last lines of its log ---\n${proc.logTail(25)}`,
        { cause: error },
      );
    }
    proc.recordFamily();
    this.log.info({ ms: Date.now() - started, port: this.port }, 'started');
  }

  getHost(): string {
    return '127.0.0.1';
  }

  getPort(): number {
    return this.port;
  }

  getEndpoint(): string {
    const url = new URL('http://127.0.0.1');
    url.port = String(this.port);
    return url.origin;
  }

  getConnectionUri(): string {
    return this.getEndpoint();
  }

  getRegion(): string {
    return EMULATOR_REGION;
  }

  getVersion(): string {
    return this.version;
  }

  async reset(): Promise<void> {
    const response = await fetch(new URL('/moto-api/reset', this.getEndpoint()), {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new HarnessError('STATE_INVALID', `moto reset answered HTTP ${response.status}`);
  }

  isRunning(): boolean {
    return this.process?.isRunning() ?? false;
  }

  async stop(): Promise<void> {
    await this.process?.stop(10_000);
  }

  async kill(): Promise<void> {
    await this.process?.kill();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  logTail(lines = 30): string {
    return readLogTail(join(this.dir, 'moto.log'), lines);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
