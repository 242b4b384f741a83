import { chownSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { HarnessError } from '../../core/harness-error.ts';
import { logFor } from '../../core/logger.ts';
import { readLogTail } from '../../core/log-tail.ts';
import { ManagedProcess, type ProcessSpec } from '../../core/managed-process.ts';
import type { SystemUser } from '../../core/system-user.ts';
import type { WaitStrategy } from '../../wait/wait-strategy.ts';
import type {
  Credentials,
  Flavour,
  ServerKind,
  StartedBackingServer,
  StoppedBackingServer,
} from '../backing-server.ts';

/** Where and how one native server lives; fixed at its first start so restarts reuse it. */
export interface NativeServerLayout {
  readonly kind: ServerKind;
  readonly flavour: Flavour;
  readonly runDir: string;
  /** This server's own directory under the run dir. */
  readonly dir: string;
  readonly host: string;
  /** Main port first, then any extra ones (management, distribution). */
  readonly ports: readonly number[];
  readonly startupTimeoutMs: number;
  readonly user?: SystemUser;
}

/** The part of a process spec that differs between the native servers. */
export type ServerCommand = Pick<ProcessSpec, 'file' | 'args' | 'env' | 'stopSignal'>;

/** Builds a layout's directory and log/pid paths. */
function layoutFiles(layout: NativeServerLayout): { logFile: string; pidFile: string } {
  return { logFile: join(layout.dir, `${layout.kind}.log`), pidFile: join(layout.dir, `${layout.kind}.pid`) };
}

/**
 * The running-handle half shared by the native servers: spawning, readiness, stop/kill/restart
 * and disposal. Subclasses say what to run, how to tell it is ready, and what to do once after the
 * very first start (roles, databases).
 */
export abstract class StartedNativeServer implements StartedBackingServer {
  readonly kind: ServerKind;
  readonly flavour: Flavour;
  readonly name: string;
  protected readonly layout: NativeServerLayout;
  protected readonly log: Logger;
  private process: ManagedProcess | undefined;
  private removed = false;

  protected constructor(layout: NativeServerLayout) {
    this.layout = layout;
    this.kind = layout.kind;
    this.flavour = layout.flavour;
    this.name = `${layout.kind} (${layout.flavour})`;
    this.log = logFor(layout.kind).child({ flavour: layout.flavour });
  }

  /** What to run; the rest of the process spec (name, dirs, account, log and pid files) is the layout's. */
  protected abstract command(): ServerCommand;
  protected abstract waitStrategy(): WaitStrategy;
  abstract getConnectionUri(): string;
  abstract getCredentials(): Credentials;
  abstract getCaFile(): string | undefined;

  /** Files the first start needs (data dir, config, TLS material); restarts reuse them. */
  protected async prepare(): Promise<void> {}

  /** One-time setup after the first start (e.g. roles and databases); restarts skip it. */
  protected async afterFirstStart(): Promise<void> {}

  getHost(): string {
    return this.layout.host;
  }

  getPort(): number {
    const port = this.layout.ports[0];
    if (port === undefined) throw new HarnessError('STATE_INVALID', `${this.name} has no port`);
    return port;
  }

  usesTls(): boolean {
    return this.flavour === 'managed';
  }

  isRunning(): boolean {
    return this.process?.isRunning() ?? false;
  }

  logTail(lines = 30): string {
    return readLogTail(layoutFiles(this.layout).logFile, lines);
  }

  /** First start: prepare, launch, then the one-time setup; a failure removes everything this start made. */
  async initialize(): Promise<this> {
    const started = Date.now();
    try {
      await this.prepare();
      await this.launch();
      await this.afterFirstStart();
    } catch (error) {
      await this.remove().catch((cleanupError: unknown) =>
        this.log.error({ err: cleanupError }, 'cleanup after a failed start failed'),
      );
      throw error;
    }
    this.log.info({ ms: Date.now() - started, port: this.getPort() }, 'started');
    return this;
  }

  private async launch(): Promise<void> {
    if (this.removed) throw new HarnessError('STATE_INVALID', `${this.name} was removed and cannot start again`);
    if (this.isRunning()) return;
    const spec: ProcessSpec = {
      name: this.name,
      cwd: this.layout.dir,
      runDir: this.layout.runDir,
      user: this.layout.user,
      ...layoutFiles(this.layout),
      ...this.command(),
    };
    const proc = ManagedProcess.spawn(spec);
    this.process = proc;
    await proc.waitUntilReady(this.waitStrategy(), {
      host: this.layout.host,
      ports: this.layout.ports,
      timeoutMs: this.layout.startupTimeoutMs,
    });
  }

  async stop(): Promise<StoppedBackingServer<this>> {
    await this.process?.stop();
    return this.stoppedHandle();
  }

  async kill(): Promise<StoppedBackingServer<this>> {
    await this.process?.kill();
    return this.stoppedHandle();
  }

  async restart(): Promise<void> {
    await this.process?.stop();
    await this.launch();
  }

  /** Ends the process if it runs and deletes the server's directory. */
  async remove(): Promise<void> {
    // The data is about to be deleted, so a graceful shutdown (6 s for RabbitMQ) buys nothing.
    await this.process?.kill();
    this.removed = true;
    rmSync(this.layout.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }

  private stoppedHandle(): StoppedBackingServer<this> {
    return {
      start: async () => {
        await this.launch();
        return this;
      },
      remove: () => this.remove(),
    };
  }
}

/** Creates a server directory owned by the account that runs the server. */
export function makeServerDir(dir: string, user?: SystemUser): void {
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  if (user) chownRecursive(dir, user);
}

/** chown -R, for the directories and files the harness writes before the server starts. */
export function chownRecursive(path: string, user: SystemUser): void {
  chownSync(path, user.uid, user.gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownRecursive(join(path, entry), user);
}
