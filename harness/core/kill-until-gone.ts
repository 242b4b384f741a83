import { pollUntil } from './deadline.ts';
import { sigkillAll, stillAlive, type ProcessInfo } from './process-table.ts';

/**
 * SIGKILLs what `find` returns, pass after pass, until a pass finds nothing and every process
 * killed so far is gone (by pid and start time: a reused pid does not count). Killing on every pass,
 * not only the first, catches what a dying server forks once more.
 * @returns the pids that were killed.
 */
export async function killUntilGone(find: () => readonly ProcessInfo[], description: string): Promise<number[]> {
  const killed = new Map<number, ProcessInfo>();
  await pollUntil(
    async () => {
      const left = [...find(), ...[...killed.values()].filter(stillAlive)];
      for (const p of left) killed.set(p.pid, p);
      sigkillAll(left);
      return left.length === 0 ? true : undefined;
    },
    { description: `${description} to exit after SIGKILL`, timeoutMs: 15_000, intervalMs: 20 },
  );
  return [...killed.keys()];
}
