import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../core/process-table.ts';
import { ownCmdline } from '../core/run-dir.ts';

/** What `harness up` records so that `harness down` (another terminal) can find it. */
export interface UpPidFile {
  readonly pid: number;
  readonly runId: string;
  readonly cmdline: string;
}

export function pidFilePath(home: string): string {
  return join(home, 'harness.pid');
}

/** Writes the record, creating the harness home on a fresh clone. */
export function writePidFile(home: string, runId: string): void {
  const record: UpPidFile = { pid: process.pid, runId, cmdline: ownCmdline() };
  mkdirSync(home, { recursive: true });
  writeFileSync(pidFilePath(home), `${JSON.stringify(record)}\n`);
}

export function readPidFile(home: string): UpPidFile | undefined {
  try {
    return JSON.parse(readFileSync(pidFilePath(home), 'utf8')) as UpPidFile;
  } catch {
    return undefined;
  }
}

/** Whether the recorded `harness up` still runs (same pid and command line). */
export function upStillRuns(record: UpPidFile): boolean {
  return isAlive(record.pid) && ownCmdline(record.pid) === record.cmdline;
}

/** Removes the pid file if it is this process's (a newer `up` may own it). */
export function removeOwnPidFile(home: string): void {
  if (readPidFile(home)?.pid === process.pid) rmSync(pidFilePath(home), { force: true });
}
