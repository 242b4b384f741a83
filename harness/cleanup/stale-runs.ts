import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTGRES_SOCKET_DIR_PREFIX, SOCKET_DIR_OWNER_FILE } from '../providers/native/native-postgres-server.ts';
import { killUntilGone } from '../core/kill-until-gone.ts';
import { logFor } from '../core/logger.ts';
import { RUN_DIR_MARKER } from '../core/managed-process.ts';
import { isAlive, processesMentioning } from '../core/process-table.ts';
import { ownCmdline, OWNER_FILE, runsRoot, type RunOwner } from '../core/run-dir.ts';

const log = logFor('cleanup');

/** What one stale run left behind and what was done about it. */
export interface StaleRunReport {
  readonly runId: string;
  readonly ownerPid: number | undefined;
  /** Server processes of the dead run that were killed. */
  readonly killedPids: readonly number[];
}

/** Whether the recorded owner still runs (same pid and same command line: pids get reused). */
function ownerAlive(owner: RunOwner): boolean {
  return isAlive(owner.pid) && ownCmdline(owner.pid) === owner.cmdline;
}

function readOwner(dir: string): RunOwner | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as RunOwner;
  } catch {
    return undefined;
  }
}

/**
 * Finds run dirs whose owner died (a SIGKILLed `harness up`, a crashed test worker), kills the
 * processes that still belong to them (found in /proc by the run dir in their command line or
 * environment, or through the pid files under it, which is how launched services are found) and
 * deletes the dirs. Live runs of other processes are left alone.
 */
export async function cleanStaleRuns(home: string): Promise<StaleRunReport[]> {
  removeOrphanSocketDirs();
  const root = runsRoot(home);
  if (!existsSync(root)) return [];
  const reports: StaleRunReport[] = [];
  for (const runId of readdirSync(root)) {
    const dir = join(root, runId);
    const owner = readOwner(dir);
    if (owner && ownerAlive(owner)) continue;
    // A dir without owner file is either being created right now or a crash before it was written.
    if (!owner && Date.now() - statSync(dir).mtimeMs < 30_000) continue;
    reports.push(await cleanRun(runId, dir, owner));
  }
  return reports;
}

/** PostgreSQL's short socket dirs live in the temp dir (path length limit); drop the run's ones. */
function removeSocketDirsOf(runDir: string): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(POSTGRES_SOCKET_DIR_PREFIX)) continue;
    const path = join(tmpdir(), entry);
    try {
      if (readFileSync(join(path, SOCKET_DIR_OWNER_FILE), 'utf8') === runDir)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // Not one of ours, or already gone.
    }
  }
}

/**
 * Socket dirs whose run dir is gone, whatever harness home it was in: a run interrupted between
 * creating its PostgreSQL socket dir and recording it can leave one that no run cleanup finds.
 */
function removeOrphanSocketDirs(): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(POSTGRES_SOCKET_DIR_PREFIX)) continue;
    const path = join(tmpdir(), entry);
    try {
      const runDir = readFileSync(join(path, SOCKET_DIR_OWNER_FILE), 'utf8');
      if (!existsSync(runDir)) rmSync(path, { recursive: true, force: true });
    } catch {
      // Not one of ours, being created right now, or already gone.
    }
  }
}

/**
 * SIGKILLs every process of a run dir and waits until none is left, then deletes the dir. It kills
 * on every pass, not only the first: a server caught mid-start may fork once more.
 * @returns the pids that were killed.
 */
export async function killRunAndRemove(dir: string, description: string): Promise<number[]> {
  const killed = await killUntilGone(() => processesMentioning(dir, RUN_DIR_MARKER), `the processes of ${description}`);
  // A process that is gone may still have had a write in flight; ENOTEMPTY is retried.
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  removeSocketDirsOf(dir);
  return killed;
}

async function cleanRun(runId: string, dir: string, owner: RunOwner | undefined): Promise<StaleRunReport> {
  const killedPids = await killRunAndRemove(dir, `stale run ${runId}`);
  log.warn({ runId, ownerPid: owner?.pid, killedPids }, 'cleaned a stale run');
  return { runId, ownerPid: owner?.pid, killedPids };
}
