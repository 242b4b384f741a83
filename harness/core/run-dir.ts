import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The harness home: run dirs, the stack document, the pid file. `HARNESS_HOME` overrides the
 * default `.harness/` of this checkout (tests use their own, so they never touch a user's `up`).
 */
export function harnessHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.HARNESS_HOME ? resolve(env.HARNESS_HOME) : join(REPO_ROOT, '.harness');
}

/** The directory holding every run's own directory. */
export function runsRoot(home: string): string {
  return join(home, 'run');
}

/** Who owns a run dir; stale-run cleanup compares it with /proc. */
export interface RunOwner {
  readonly pid: number;
  /** The owner's /proc/<pid>/cmdline at creation, to tell a reused pid from the owner. */
  readonly cmdline: string;
  readonly startedAt: string;
}

/** The owner file's name inside every run dir. */
export const OWNER_FILE = 'owner.json';

/** A short id, safe in paths and in Erlang node names, sortable by creation time. */
export function newRunId(prefix = ''): string {
  return `${prefix}${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function ownCmdline(pid: number = process.pid): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** A run's directory, created with its owner file written first (before any server starts). */
export class RunDir {
  readonly runId: string;
  readonly path: string;

  private constructor(runId: string, path: string) {
    this.runId = runId;
    this.path = path;
  }

  static create(home: string, runId: string = newRunId()): RunDir {
    const path = join(runsRoot(home), runId);
    // Others (postgres, rabbitmq accounts) must traverse it to reach their own subdirectories.
    mkdirSync(path, { recursive: true, mode: 0o755 });
    const owner: RunOwner = { pid: process.pid, cmdline: ownCmdline(), startedAt: new Date().toISOString() };
    writeFileSync(join(path, OWNER_FILE), `${JSON.stringify(owner)}\n`);
    return new RunDir(runId, path);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
