import { readdirSync, readFileSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { ProcessIdentity } from './process-table.ts';

/**
 * The pid file of a process the harness started: the pid on the first line, as every pid file has
 * it, and its start time on the second, so that a reader never takes a process that got the number
 * later for it. Stale-run cleanup and leftover checks find the processes of a run dir by these
 * files, launched services among them, whose environment carries no harness marker.
 */
export function writeProcessPidFile(file: string, identity: ProcessIdentity): void {
  writeFileSync(file, `${identity.pid}\n${identity.startTime}\n`);
}

/** The identity a pid file of {@link writeProcessPidFile} records; undefined for any other file. */
export function readProcessPidFile(file: string): ProcessIdentity | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // Other programs' pid files (postmaster.pid, nginx.pid) have another shape and are not ours.
  const match = /^(\d+)\n(\d+)\n$/.exec(text);
  return match ? { pid: Number(match[1]), startTime: Number(match[2]) } : undefined;
}

/**
 * Directories a server fills with its own data, never with a harness pid file: skipping them keeps
 * a walk over a run dir short (a PostgreSQL cluster alone holds a thousand files).
 */
function isServerDataDir(dir: string, entries: readonly string[]): boolean {
  return entries.includes('PG_VERSION') || dir.endsWith('/mnesia');
}

/** The identities in every harness pid file (`*.pid`) under `dir`, at most `maxDepth` directories down. */
export function pidFilesUnder(dir: string, maxDepth = 6): ProcessIdentity[] {
  const found: ProcessIdentity[] = [];
  const visit = (path: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      // Gone, not a directory, or another account's private directory.
      return;
    }
    if (
      isServerDataDir(
        path,
        entries.map((e) => e.name),
      )
    )
      return;
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isFile() && entry.name.endsWith('.pid')) {
        const identity = readProcessPidFile(child);
        if (identity) found.push(identity);
      } else if (entry.isDirectory() && depth < maxDepth) {
        visit(child, depth + 1);
      }
    }
  };
  visit(dir, 0);
  return found;
}
