import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WaitStrategy } from '../wait/wait-strategy.ts';
import { HarnessError, type HarnessErrorCode } from './harness-error.ts';
import { pollUntil } from './deadline.ts';
import type { SystemUser } from './system-user.ts';
import { killUntilGone } from './kill-until-gone.ts';
import { readLogSince, readLogTail } from './log-tail.ts';
import { writeProcessPidFile } from './process-pid-file.ts';
import {
  cpuTicksOf,
  describeProcess,
  familyOf,
  isStoppedOrGone,
  sigkillAll,
  stillAlive,
  withDescendants,
  type ProcessInfo,
} from './process-table.ts';

/** The variable that marks the servers the harness starts, so stale ones can be found in /proc. */
export const RUN_DIR_MARKER = 'HARNESS_RUN_DIR';

/** What to run; a plain description so that providers can be tested without running anything. */
export interface ProcessSpec {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  /** The process's whole environment: nothing is inherited. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** The run dir this process belongs to; exported as {@link RUN_DIR_MARKER} unless `runDirMarker` is false. */
  readonly runDir: string;
  /**
   * Whether {@link RUN_DIR_MARKER} is added to `env`. Launched services say false: their
   * environment must stay exactly compose's or the task definition's, which the parity gate
   * compares. They are found through their pid file (pid and start time) instead.
   * @default true
   */
  readonly runDirMarker?: boolean;
  /** stdout and stderr, appended across restarts; each start writes a banner line first. */
  readonly logFile: string;
  /** Written at spawn with pid and start time (see {@link writeProcessPidFile}); removed once the family is gone. */
  readonly pidFile: string;
  readonly user?: SystemUser;
  /** The signal that asks for a clean shutdown. @default 'SIGTERM' */
  readonly stopSignal?: NodeJS.Signals;
}

/** Where a started process listens, for its readiness check. */
export interface ListenAddress {
  readonly host: string;
  readonly ports: readonly number[];
}

/** Options of {@link ManagedProcess.waitUntilReady}. */
export interface ReadinessOptions extends ListenAddress {
  readonly timeoutMs: number;
  /** The code of the error a failed readiness check throws. @default 'START_FAILED' */
  readonly errorCode?: HarnessErrorCode;
  /** Lines of the process's log the error ends with. @default 25 */
  readonly logLines?: number;
}

/**
 * One OS process in its own process group, its output appended to a log file. Stopping and killing
 * reach its whole family: the group (Erlang's helpers, nginx's worker) and every descendant that
 * left it (PostgreSQL backends call setsid()). A kill returns only when all of them are gone, so a
 * restart never meets a backend still holding the old shared memory or port.
 *
 * Pids are reused quickly here (pid_max is 32768 and test runs spawn thousands of processes), so
 * after the leader has been reaped nothing is signalled by number alone: only processes seen
 * earlier, identified by pid and start time, and their live descendants.
 */
export class ManagedProcess {
  readonly spec: ProcessSpec;
  readonly pid: number;
  /** The log file's size when this process started; log waits only look at what came after. */
  readonly logOffset: number;
  /** Aborted when the process exits, so waits on it fail fast instead of running to their deadline. */
  readonly exitSignal: AbortSignal;
  private readonly exited: Promise<number | string>;
  private exitDescription: string | undefined;
  /** The family as last seen while the leader ran. */
  private knownFamily: readonly ProcessInfo[] = [];

  private constructor(spec: ProcessSpec, child: ChildProcess, logOffset: number) {
    this.spec = spec;
    this.logOffset = logOffset;
    if (child.pid === undefined) throw new HarnessError('START_FAILED', `${spec.name}: spawn gave no pid`);
    this.pid = child.pid;
    const controller = new AbortController();
    this.exitSignal = controller.signal;
    this.exited = new Promise((resolve) => {
      const finish = (description: string, result: number | string) => {
        if (this.exitDescription !== undefined) return;
        this.exitDescription = description;
        controller.abort(new HarnessError('START_FAILED', `${spec.name} ${description}`));
        resolve(result);
      };
      child.once('exit', (code, signal) =>
        finish(signal ? `killed by ${signal}` : `exited with code ${code}`, signal ?? code ?? 0),
      );
      // A spawn failure (ENOENT, EACCES) emits 'error' and possibly never 'exit'.
      child.once('error', (error) => finish(`could not be started: ${error.message}`, -1));
    });
  }

  /** Spawns the process detached (own process group), stdout and stderr into its log file. */
  static spawn(spec: ProcessSpec): ManagedProcess {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    mkdirSync(dirname(spec.pidFile), { recursive: true });
    appendFileSync(spec.logFile, `\n--- ${new Date().toISOString()} starting ${spec.name}\n`);
    const fd = openSync(spec.logFile, 'a');
    const offset = statSync(spec.logFile).size;
    try {
      const child = spawn(spec.file, spec.args, {
        cwd: spec.cwd,
        env: spec.runDirMarker === false ? { ...spec.env } : { ...spec.env, [RUN_DIR_MARKER]: spec.runDir },
        stdio: ['ignore', fd, fd],
        detached: true,
        uid: spec.user?.uid,
        gid: spec.user?.gid,
      });
      if (child.pid === undefined) {
        // The 'error' event follows on the next tick; without a listener it would crash the process.
        child.once('error', () => undefined);
        throw new HarnessError('START_FAILED', `${spec.name}: could not run ${spec.file}`);
      }
      const managed = new ManagedProcess(spec, child, offset);
      // The child is at least a zombie until this process reaps it, so its start time can be read.
      const leader = describeProcess(managed.pid);
      if (leader) {
        managed.knownFamily = [leader];
        writeProcessPidFile(spec.pidFile, leader);
      }
      return managed;
    } finally {
      closeSync(fd);
    }
  }

  isRunning(): boolean {
    return this.exitDescription === undefined;
  }

  /** How the process ended, or undefined while it runs. */
  describeExit(): string | undefined {
    return this.exitDescription;
  }

  /** The log written since this process started. */
  readLogSinceStart(): string {
    return readLogSince(this.spec.logFile, this.logOffset);
  }

  logTail(lines = 30): string {
    return readLogTail(this.spec.logFile, lines);
  }

  /**
   * A counter that grows while the process works: the leader's CPU time (its reaped children's
   * included) plus what it logged. Readiness deadlines hold while it grows.
   */
  progress(): number {
    let logged = 0;
    try {
      logged = statSync(this.spec.logFile).size;
    } catch {
      // No log (yet): CPU time alone.
    }
    return (this.isRunning() ? cpuTicksOf(this.pid) : 0) + logged;
  }

  /**
   * Waits until `strategy` says the process is ready, under a deadline that holds while the
   * process makes progress, and ends at once if it exits. If it does not become ready, its whole
   * family is killed and the error names what was awaited and ends with the log tail.
   */
  async waitUntilReady(strategy: WaitStrategy, options: ReadinessOptions): Promise<void> {
    try {
      await strategy.withStartupTimeout(options.timeoutMs).waitUntilReady({
        name: this.spec.name,
        host: options.host,
        ports: options.ports,
        readLog: () => this.readLogSinceStart(),
        signal: this.exitSignal,
        progress: () => this.progress(),
      });
    } catch (error) {
      const exit = this.describeExit();
      await this.kill();
      const reason =
        exit === undefined ? (error instanceof Error ? error.message : String(error)) : `the process ended (${exit})`;
      throw new HarnessError(
        options.errorCode ?? 'START_FAILED',
        `${this.spec.name} did not become ready (${reason}); awaited ${strategy.describe()}.` +
          `\n--- last lines of ${this.spec.logFile} ---\n${this.logTail(options.logLines ?? 25)}`,
        { cause: error },
      );
    }
    this.recordFamily();
  }

  /**
   * Remembers the current family, so that a stop or kill after an unexpected exit of the leader
   * still reaches the members it left behind. Call it once the process is up.
   */
  recordFamily(): void {
    this.currentFamily();
  }

  /** The stop signal (SIGTERM unless the spec says otherwise) to the group, then SIGKILL if it is not gone within `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const family = this.currentFamily();
    if (this.isRunning()) {
      this.signalGroup(this.spec.stopSignal ?? 'SIGTERM');
      const done = await Promise.race([this.exited.then(() => true), delayFalse(timeoutMs)]);
      if (!done) this.signalGroup('SIGKILL');
    }
    await this.reap(family);
  }

  /** SIGKILL to the whole family: the crash a fault-injection test wants. */
  async kill(): Promise<void> {
    if (this.isRunning()) {
      // Freeze the leader first so that it cannot fork while its family is collected.
      this.signalGroup('SIGSTOP');
      await pollUntil(async () => (isStoppedOrGone(this.pid) ? true : undefined), {
        description: `${this.spec.name} (pid ${this.pid}) to stop`,
        timeoutMs: 5_000,
        intervalMs: 5,
      }).catch(() => undefined);
    }
    const family = this.currentFamily();
    this.signalGroup('SIGKILL');
    sigkillAll(family);
    await this.reap(family);
  }

  /** The live family: group and descendants while the leader runs, else what was seen before. */
  private currentFamily(): readonly ProcessInfo[] {
    const known = this.knownFamily.filter(stillAlive);
    const live = this.isRunning() ? familyOf(this.pid) : [];
    const merged = new Map([...known, ...live].map((p) => [p.pid, p]));
    this.knownFamily = withDescendants([...merged.values()]);
    return this.knownFamily;
  }

  /** Waits for the leader's exit, then kills and awaits whatever of its family outlived it. */
  private async reap(family: readonly ProcessInfo[]): Promise<void> {
    await this.exited;
    await killUntilGone(
      () => withDescendants(family.filter(stillAlive)),
      `the processes of ${this.spec.name} (pid ${this.pid})`,
    );
    this.knownFamily = [];
    rmSync(this.spec.pidFile, { force: true });
  }

  /** Signals the process group, only while its leader is unreaped and so still owns the number. */
  private signalGroup(signal: NodeJS.Signals): void {
    if (!this.isRunning()) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  }
}

function delayFalse(ms: number): Promise<false> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
}
