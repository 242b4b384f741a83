import { afterAll, describe, expect, it } from 'vitest';
import { createTestHome } from '../test-support/test-home.ts';
import { ManagedProcess } from './managed-process.ts';
import { familyOf, groupHasLiveMembers, stillAlive } from './process-table.ts';

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
    pidFile: `${dir}/pid`,
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
});
