import { RUN_DIR_MARKER } from '../harness/core/managed-process.ts';
import {
  listProcesses,
  processesUnder,
  sigkillAll,
  stillAlive,
  withDescendants,
  type ProcessInfo,
} from '../harness/core/process-table.ts';
import type { LaunchedProfile } from '../harness/launch/index.ts';

/** Processes of one e2e run, recorded while it runs, to be checked once it is torn down. */
export interface ProcessWatch {
  /** SIGKILLs whatever of the run still lives and describes it (`pid command line`). */
  killSurvivors(): string[];
}

/**
 * Records the run's processes now. The backing servers are found later too, by the harness home
 * in their command line or environment, but the launched services and nginx carry no trace of it
 * (their environment is exactly compose's), so their pids and descendants (nginx's worker) are
 * taken while they run; start times keep a reused pid from being blamed.
 */
export function leftoverProcesses(home: string, launched: LaunchedProfile | undefined): ProcessWatch {
  const roots = [launched?.router, ...Object.values(launched?.services ?? {})].flatMap((handle) => {
    const pid = handle?.getPid();
    return pid === undefined ? [] : [pid];
  });
  const processes = listProcesses();
  const recorded = withDescendants(
    processes.filter((p) => roots.includes(p.pid)),
    processes,
  );
  return {
    killSurvivors() {
      const survivors = new Map<number, ProcessInfo>();
      for (const p of [...recorded.filter(stillAlive), ...processesUnder(home, RUN_DIR_MARKER)])
        survivors.set(p.pid, p);
      sigkillAll([...survivors.values()]);
      return [...survivors.values()].map((p) => `  ${p.pid} ${p.cmdline.slice(0, 160)}`);
    },
  };
}
