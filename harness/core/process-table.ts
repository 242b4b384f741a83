import { readdirSync, readFileSync } from 'node:fs';

/** One live (non-zombie) process as /proc shows it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly cmdline: string;
}

function readStat(pid: number): { ppid: number; pgid: number; state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its last ')' do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

function readEnviron(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** Live processes, zombies excluded (they hold no ports and cannot be killed further). */
export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') continue;
    result.push({ pid, ppid: stat.ppid, pgid: stat.pgid, cmdline: readText(`/proc/${pid}/cmdline`) });
  }
  return result;
}

/** Whether any live process is still in process group `pgid`. */
export function groupHasLiveMembers(pgid: number): boolean {
  return listProcesses().some((p) => p.pgid === pgid);
}

/**
 * Live processes that belong to a run dir: their command line names a path under it, or their
 * environment carries it (the harness exports it to everything it starts; children inherit it).
 */
export function processesMentioning(dir: string, marker: string): ProcessInfo[] {
  return listProcesses().filter((p) => {
    if (p.pid === process.pid) return false;
    if (p.cmdline.includes(`${dir}/`) || p.cmdline.split(' ').includes(dir)) return true;
    return readEnviron(p.pid).includes(`${marker}=${dir}`);
  });
}

/** Whether `pid` is alive and not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Live processes started under any run dir below `prefix` (by command line or marker variable). */
export function processesUnder(prefix: string, marker: string): ProcessInfo[] {
  return listProcesses().filter((p) => {
    if (p.pid === process.pid) return false;
    if (p.cmdline.includes(prefix)) return true;
    return readEnviron(p.pid).some((entry) => entry.startsWith(`${marker}=${prefix}`));
  });
}
