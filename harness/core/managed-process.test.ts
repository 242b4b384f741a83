import { afterAll, describe, expect, it } from 'vitest';
import { createTestHome } from '../test-support/test-home.ts';
import { readFileSync } from 'node:fs';
import { ManagedProcess, RUN_DIR_MARKER } from './managed-process.ts';
import { readProcessPidFile } from './process-pid-file.ts';
import { describeProcess, familyOf, groupHasLiveMembers, processesMentioning, stillAlive } from './process-table.ts';

const home = createTestHome('managed-process');
afterAll(() => home.remove());

function spec(name: string, file: string, args: string[]) {
  const dir = home.runDir(name);
  return {
    name,
    file,
    args,
    env: { PATH: process.env.PATH ?? '' },
    cwd: dir,
    runDir: dir,
    logFile: `${dir}/out.log`,
    pidFile: `${dir}/${name}.pid`,
  };
}

describe('ManagedProcess', () => {
  it('stop() ends the whole process group, children included', async () => {
    const proc = ManagedProcess.spawn(spec('group', '/bin/sh', ['-c', 'sleep 300 & sleep 300 & echo started; wait']));
    await expect.poll(() => proc.readLogSinceStart(), { timeout: 10_000 }).toContain('started');
    expect(groupHasLiveMembers(proc.pid)).toBe(true);
    await proc.stop(5_000);
    expect(groupHasLiveMembers(proc.pid)).toBe(false);
    expect(proc.describeExit()).toMatch(/SIGTERM|code/);
  });

  it('kill() also ends descendants that left the group with setsid(), as PostgreSQL backends do', async () => {
    const proc = ManagedProcess.spawn(
      spec('setsid', '/bin/sh', ['-c', 'setsid sleep 300 & setsid sh -c "sleep 300 & wait" & echo started; wait']),
    );
    await expect.poll(() => proc.readLogSinceStart(), { timeout: 10_000 }).toContain('started');
    await expect.poll(() => familyOf(proc.pid).filter((p) => p.pgid !== proc.pid).length).toBe(3);
    const family = familyOf(proc.pid);
    await proc.kill();
    expect(family.filter(stillAlive)).toEqual([]);
    expect(proc.describeExit()).toMatch(/SIGKILL/);
  });

  it('reports a binary that cannot be run', () => {
    expect(() => ManagedProcess.spawn(spec('missing', '/nonexistent/binary', []))).toThrow(
      /could not run \/nonexistent\/binary/,
    );
  });

  it('keeps the environment exactly as given when the spec opts out of the run-dir marker', async () => {
    const marked = ManagedProcess.spawn(spec('marked', '/bin/sh', ['-c', 'env; sleep 300']));
    const exact = ManagedProcess.spawn({ ...spec('exact', '/bin/sh', ['-c', 'env; sleep 300']), runDirMarker: false });
    try {
      await expect.poll(() => marked.readLogSinceStart()).toContain(`${RUN_DIR_MARKER}=`);
      await expect.poll(() => exact.readLogSinceStart()).toContain('PATH=');
      expect(exact.readLogSinceStart()).not.toContain(RUN_DIR_MARKER);
    } finally {
      await Promise.all([marked.kill(), exact.kill()]);
    }
  });

  it('writes a start banner and a pid file with the start time, found again by its run dir', async () => {
    const s = { ...spec('recorded', '/bin/sh', ['-c', 'sleep 300 & wait']), runDirMarker: false };
    const proc = ManagedProcess.spawn(s);
    expect(readFileSync(s.logFile, 'utf8')).toMatch(/--- \S+ starting recorded\n$/);
    expect(readProcessPidFile(s.pidFile)).toEqual({ pid: proc.pid, startTime: describeProcess(proc.pid)?.startTime });
    await expect.poll(() => processesMentioning(s.runDir, RUN_DIR_MARKER).length).toBe(2);
    await proc.stop(5_000);
    expect(readProcessPidFile(s.pidFile)).toBeUndefined();
    expect(processesMentioning(s.runDir, RUN_DIR_MARKER)).toEqual([]);
  });
});
