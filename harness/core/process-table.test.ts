import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestHome } from '../test-support/test-home.ts';
import { killRunAndRemove } from '../cleanup/stale-runs.ts';
import { RUN_DIR_MARKER } from './managed-process.ts';
import { writeProcessPidFile } from './process-pid-file.ts';
import { describeProcess, processesMentioning, recordedFamily } from './process-table.ts';

const home = createTestHome('process-table');
afterAll(() => home.remove());

/** Runs `sleep` under the executable name `name`, working in `cwd`, with no harness marker in its environment. */
function sleeper(name: string, cwd: string) {
  const bin = join(home.path, 'bin', name);
  mkdirSync(join(home.path, 'bin'), { recursive: true });
  copyFileSync('/bin/sleep', bin);
  const child = spawn(bin, ['300'], { cwd, env: {}, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

describe('processesMentioning', () => {
  it('finds a PostgreSQL process by the data dir it works in, whatever its title and environment', async () => {
    // PostgreSQL's children overwrite their command line and environment with a process title.
    const runDir = home.runDir('pg-cwd');
    const dataDir = join(runDir, 'postgres-compose', 'data');
    mkdirSync(dataDir, { recursive: true });
    const backend = sleeper('postgres', dataDir);
    await expect.poll(() => processesMentioning(runDir, RUN_DIR_MARKER).map((p) => p.pid)).toContain(backend.child.pid);

    expect(await killRunAndRemove(runDir, 'a test run')).toContain(backend.child.pid);
    await backend.exited;
    expect(processesMentioning(runDir, RUN_DIR_MARKER)).toEqual([]);
  });

  it('never takes another program for a server only because it works in the run dir', async () => {
    const runDir = home.runDir('shell-cwd');
    const shell = sleeper('bash-like', runDir);
    try {
      await expect.poll(() => shell.child.exitCode === null && shell.child.pid !== undefined).toBe(true);
      expect(processesMentioning(runDir, RUN_DIR_MARKER).map((p) => p.pid)).not.toContain(shell.child.pid);
    } finally {
      shell.child.kill('SIGKILL');
      await shell.exited;
    }
  });
});

describe('recordedFamily', () => {
  it('finds what is left of a group whose leader died, by the pid file it wrote', async () => {
    const runDir = home.runDir('orphans');
    // The leader starts a child in its group and exits at once, leaving the child behind.
    const leader = spawn('/bin/sh', ['-c', 'sleep 300 >/dev/null & echo $!'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    writeProcessPidFile(join(runDir, 'leader.pid'), describeProcess(leader.pid!)!);
    const orphan = Number(
      await new Promise<string>((resolve) => leader.stdout.once('data', (data) => resolve(String(data).trim()))),
    );
    await new Promise((resolve) => leader.once('exit', resolve));
    expect(processesMentioning(runDir, RUN_DIR_MARKER).map((p) => p.pid)).toEqual([orphan]);
    expect(await killRunAndRemove(runDir, 'a test run')).toContain(orphan);
  });

  it('finds nothing when the recorded pid now belongs to a later process', () => {
    const self = describeProcess(process.pid)!;
    expect(recordedFamily({ pid: self.pid, startTime: self.startTime - 1 })).toEqual([]);
  });
});
