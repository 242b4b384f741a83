import { killUntilGone } from '../core/kill-until-gone.ts';
import { listProcesses, withDescendants, type ProcessInfo } from '../core/process-table.ts';

/** This process's live descendants, children first found through /proc. */
function ownDescendants(): ProcessInfo[] {
  const processes = listProcesses();
  const self = processes.filter((p) => p.pid === process.pid);
  return withDescendants(self, processes).filter((p) => p.pid !== process.pid);
}

/**
 * SIGKILLs everything this process started, directly or not, and waits until it is gone. The run
 * dir does not find them all: a helper (initdb, cp, openssl) has neither a pid file nor the
 * marker, and a process spawned a moment ago may not have written its pid file yet. The whole tree
 * is collected before the first kill, so that no grandchild is orphaned unseen.
 */
export async function killOwnDescendants(): Promise<number[]> {
  return killUntilGone(ownDescendants, 'the processes this harness started');
}
