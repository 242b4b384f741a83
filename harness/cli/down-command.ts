import { readFileSync, rmSync } from 'node:fs';
import { isAlive } from '../core/process-table.ts';
import { stackFilePath } from '../stack/stack-file.ts';
import { cleanStaleRuns } from '../cleanup/stale-runs.ts';
import { pollUntil } from '../core/deadline.ts';
import { harnessHome } from '../core/run-dir.ts';
import { pidFilePath, readPidFile, upStillRuns } from './pid-file.ts';

/** A stack document whose owner is dead describes nothing; readers must not find it. */
function removeDeadStackFile(home: string): void {
  const path = stackFilePath(home);
  try {
    const { pid } = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
    if (pid === undefined || !isAlive(pid)) rmSync(path, { force: true });
  } catch {
    // No document, or unreadable: nothing to remove.
  }
}

/**
 * `harness down`: SIGTERM to the `harness up` recorded in `.harness/harness.pid`, then waits (with
 * a deadline) for it to tear down and exit. Leftovers of a dead `up` are cleaned instead.
 */
export async function downCommand(options: { timeoutMs: number }): Promise<number> {
  const home = harnessHome();
  const record = readPidFile(home);
  if (!record || !upStillRuns(record)) {
    const cleaned = await cleanStaleRuns(home);
    rmSync(pidFilePath(home), { force: true });
    removeDeadStackFile(home);
    process.stderr.write(
      cleaned.length > 0
        ? `no running harness up; cleaned ${cleaned.length} stale run(s): ${cleaned.map((c) => c.runId).join(', ')}\n`
        : 'no running harness up found; nothing to stop\n',
    );
    return 0;
  }
  const started = Date.now();
  process.stderr.write(`stopping harness up (pid ${record.pid}, run ${record.runId})...\n`);
  process.kill(record.pid, 'SIGTERM');
  try {
    await pollUntil(async () => (upStillRuns(record) ? undefined : true), {
      description: `harness up (pid ${record.pid}) to exit after SIGTERM`,
      timeoutMs: options.timeoutMs,
      intervalMs: 100,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}; sending SIGKILL and cleaning its leftovers\n`);
    process.kill(record.pid, 'SIGKILL');
    await pollUntil(async () => (upStillRuns(record) ? undefined : true), {
      description: `harness up (pid ${record.pid}) to exit after SIGKILL`,
      timeoutMs: 10_000,
    });
    await cleanStaleRuns(home);
    rmSync(pidFilePath(home), { force: true });
    removeDeadStackFile(home);
    return 1;
  }
  process.stderr.write(`harness up stopped in ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
  return 0;
}
