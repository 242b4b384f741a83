import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { pidFilesUnder } from './process-pid-file.ts';

/** One live (non-zombie) process as /proc shows it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Clock ticks after boot; with the pid it names one process even after its pid is reused. */
  readonly startTime: number;
  readonly cmdline: string;
}

/** What names one process for good: its pid alone is reused quickly (pid_max is 32768 here). */
export type ProcessIdentity = Pick<ProcessInfo, 'pid' | 'startTime'>;

interface Stat {
  readonly state: string;
  readonly ppid: number;
  readonly pgid: number;
  readonly startTime: number;
  /** utime + stime + cutime + cstime: CPU the process and its reaped children used, in clock ticks. */
  readonly cpuTicks: number;
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
      cpuTicks: [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0),
    };
  } catch {
    return undefined;
  }
}

/** Running or sleeping, not a zombie (`Z`) nor dead (`X`): zombies hold no ports and cannot be killed further. */
function isLive(stat: Stat | undefined): stat is Stat {
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
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

/** A process's working directory; PostgreSQL's processes chdir into their data dir and keep it. */
function readCwd(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
  } catch {
    return '';
  }
}

/**
 * The working directory of a PostgreSQL process, undefined for any other. Only `postgres`
 * processes are matched by where they work, so that a shell left in a run dir is never taken for a
 * server.
 */
function postgresWorkingDir(pid: number): string | undefined {
  return readText(`/proc/${pid}/comm`) === 'postgres' ? readCwd(pid) : undefined;
}

function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/** Live processes, zombies excluded (they hold no ports and cannot be killed further). */
export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!isLive(stat)) continue;
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
 * Live processes that belong to a run dir: their command line names a path under it, their
 * environment carries it (the harness exports it to the servers it starts; children inherit it),
 * they are PostgreSQL processes working inside it (those overwrite their command line and
 * environment with a process title but keep their data dir as working directory), or they are the
 * family of a process whose pid file lies under it: launched services carry no marker, as their
 * environment must stay exactly compose's or the task definition's.
 */
export function processesMentioning(dir: string, marker: string): ProcessInfo[] {
  const processes = listProcesses();
  const found = processes.filter((p) => {
    if (p.cmdline.includes(`${dir}/`) || p.cmdline.split(' ').includes(dir)) return true;
    if (readEnviron(p.pid).includes(`${marker}=${dir}`)) return true;
    const workingDir = postgresWorkingDir(p.pid);
    return workingDir !== undefined && isWithin(workingDir, dir);
  });
  return withoutSelf([...found, ...recordedFamiliesUnder(dir, processes)]);
}

/** The families of the processes whose pid files lie under `dir`. */
function recordedFamiliesUnder(dir: string, processes: readonly ProcessInfo[]): ProcessInfo[] {
  return pidFilesUnder(dir).flatMap((identity) => recordedFamily(identity, processes));
}

/** Distinct by pid, and never this process. */
function withoutSelf(processes: readonly ProcessInfo[]): ProcessInfo[] {
  const unique = new Map(processes.map((p) => [p.pid, p]));
  unique.delete(process.pid);
  return [...unique.values()];
}

/** SIGKILLs each process; one that is already gone is skipped. */
export function sigkillAll(processes: readonly Pick<ProcessInfo, 'pid'>[]): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // ESRCH: already gone.
    }
  }
}

/** One process as /proc shows it now, zombies included (they still own their pid); undefined when gone. */
export function describeProcess(pid: number): ProcessInfo | undefined {
  const stat = readStat(pid);
  if (stat === undefined) return undefined;
  const { ppid, pgid, startTime } = stat;
  return { pid, ppid, pgid, startTime, cmdline: readText(`/proc/${pid}/cmdline`) };
}

/** Whether `pid` is alive and not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return isLive(stat);
}

/** Whether the process `info` describes still lives (a reused pid with another start time does not count). */
export function stillAlive(info: Pick<ProcessInfo, 'pid' | 'startTime'>): boolean {
  const stat = readStat(info.pid);
  return isLive(stat) && stat.startTime === info.startTime;
}

/** Whether `pid` is stopped (SIGSTOP) or gone; used to know a frozen process can no longer fork. */
export function isStoppedOrGone(pid: number): boolean {
  const stat = readStat(pid);
  return !isLive(stat) || stat.state === 'T';
}

/** `roots` and every live descendant of theirs, found through the parent links in /proc. */
export function withDescendants(
  roots: readonly ProcessInfo[],
  processes: readonly ProcessInfo[] = listProcesses(),
): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of processes) {
    const siblings = children.get(p.ppid);
    if (siblings) siblings.push(p);
    else children.set(p.ppid, [p]);
  }
  const found = new Map<number, ProcessInfo>(roots.map((p) => [p.pid, p]));
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      if (found.has(child.pid)) continue;
      found.set(child.pid, child);
      visit(child.pid);
    }
  };
  for (const root of roots) visit(root.pid);
  return [...found.values()];
}

/**
 * A process group's family: every live member plus every descendant, whatever group or session it
 * moved to. PostgreSQL backends call setsid(), so a group signal alone misses them. Only meaningful
 * while the group's leader has not been reaped: after that its number may belong to someone else.
 */
export function familyOf(pgid: number, processes: readonly ProcessInfo[] = listProcesses()): ProcessInfo[] {
  return withDescendants(
    processes.filter((p) => p.pgid === pgid),
    processes,
  );
}

/**
 * The family of a process recorded earlier (in its pid file), without trusting the pid alone: the
 * members of its process group and their descendants. Linux hands out no number that is still in
 * use as a process group id, so while a member lives the group is the recorded one, whether or not
 * its leader still runs. A live process with that pid but another start time means the number was
 * free, so the group had ended: nothing is found.
 */
export function recordedFamily(
  identity: ProcessIdentity,
  processes: readonly ProcessInfo[] = listProcesses(),
): ProcessInfo[] {
  const holder = processes.find((p) => p.pid === identity.pid);
  if (holder !== undefined && holder.startTime !== identity.startTime) return [];
  const members = processes.filter((p) => p.pgid === identity.pid && p.startTime >= identity.startTime);
  // The leader itself counts even if it moved to a group of its own.
  return withDescendants(holder === undefined ? members : [holder, ...members], processes);
}

/**
 * Live processes started under any run dir below `prefix`: by command line, marker variable, data
 * dir, or a pid file under it (see {@link processesMentioning}).
 */
export function processesUnder(prefix: string, marker: string): ProcessInfo[] {
  const processes = listProcesses();
  const found = processes.filter((p) => {
    if (p.cmdline.includes(prefix)) return true;
    if (readEnviron(p.pid).some((entry) => entry.startsWith(`${marker}=${prefix}`))) return true;
    return postgresWorkingDir(p.pid)?.startsWith(prefix) ?? false;
  });
  // A prefix is a directory, with or without its trailing slash.
  return withoutSelf([...found, ...recordedFamiliesUnder(prefix.replace(/\/+$/, ''), processes)]);
}

/** CPU ticks the process has used so far (with its reaped children); 0 when it is gone. */
export function cpuTicksOf(pid: number): number {
  return readStat(pid)?.cpuTicks ?? 0;
}
