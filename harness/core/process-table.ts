import { readdirSync, readFileSync } from 'node:fs';

/** One live (non-zombie) process as /proc shows it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Clock ticks after boot; with the pid it names one process even after its pid is reused. */
  readonly startTime: number;
  readonly cmdline: string;
}

interface Stat {
  readonly state: string;
  readonly ppid: number;
  readonly pgid: number;
  readonly startTime: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its last ')' do not.
    // They start at field 3 (state) of proc(5); starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      state: fields[0] ?? '?',
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      startTime: Number(fields[19]),
    };
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
    result.push({
      pid,
      ppid: stat.ppid,
      pgid: stat.pgid,
      startTime: stat.startTime,
      cmdline: readText(`/proc/${pid}/cmdline`),
    });
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

/** Whether the process `info` describes still lives (a reused pid with another start time does not count). */
export function stillAlive(info: Pick<ProcessInfo, 'pid' | 'startTime'>): boolean {
  const stat = readStat(info.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.startTime === info.startTime;
}

/** Whether `pid` is stopped (SIGSTOP) or gone; used to know a frozen process can no longer fork. */
export function isStoppedOrGone(pid: number): boolean {
  const stat = readStat(pid);
  return stat === undefined || stat.state === 'T' || stat.state === 'Z' || stat.state === 'X';
}

/**
 * A process's family: every live member of its process group plus every descendant, whatever group
 * or session it moved to. PostgreSQL backends call setsid(), so a group signal alone misses them.
 */
export function familyOf(pid: number, processes: readonly ProcessInfo[] = listProcesses()): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const family = new Map<number, ProcessInfo>();
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      if (family.has(child.pid)) continue;
      family.set(child.pid, child);
      visit(child.pid);
    }
  };
  for (const p of processes) if (p.pgid === pid) family.set(p.pid, p);
  for (const member of [...family.values()]) visit(member.pid);
  return [...family.values()];
}

/** Live processes started under any run dir below `prefix` (by command line or marker variable). */
export function processesUnder(prefix: string, marker: string): ProcessInfo[] {
  return listProcesses().filter((p) => {
    if (p.pid === process.pid) return false;
    if (p.cmdline.includes(prefix)) return true;
    return readEnviron(p.pid).some((entry) => entry.startsWith(`${marker}=${prefix}`));
  });
}
