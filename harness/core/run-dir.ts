import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
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

/** True when every existing ancestor of `path` may be traversed by other accounts (o+x). */
export function traversableByOthers(path: string): boolean {
  let current = resolve(path);
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // Not created yet: its ancestors decide.
    }
    if (current === parse(current).root) return true;
    current = dirname(current);
  }
}

/**
 * The directory holding every run's own directory: `<home>/run`, unless the home sits under a
 * directory other accounts cannot enter (a checkout in root's 0700 home): then the postgres and
 * rabbitmq accounts could not reach their data dirs there, and the runs live in the temp dir
 * instead, under a name derived from the home so that every command of this home finds them.
 */
export function runsRoot(home: string): string {
  const own = join(home, 'run');
  if (traversableByOthers(own)) return own;
  const tag = createHash('sha256').update(resolve(home)).digest('hex').slice(0, 12);
  return join(tmpdir(), `harness-runs-${tag}`);
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
