import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../core/deadline.ts';
import { RUN_DIR_MARKER } from '../core/managed-process.ts';
import {
  listProcesses,
  processesMentioning,
  processesUnder,
  stillAlive,
  withDescendants,
} from '../core/process-table.ts';
import { runsRoot } from '../core/run-dir.ts';
import { readStackFile } from '../stack/stack-file.ts';
import { createTestHome } from '../test-support/test-home.ts';
import { runCli, waitForStderr } from './test-support-cli.ts';

const home = createTestHome('cli');
afterAll(() => home.remove());
// Where the CLI puts this home's runs: under it, or in the temp dir when the checkout is not traversable.
const runs = runsRoot(home.path);

describe('harness CLI', () => {
  it('documents every command and flag', async () => {
    const cli = runCli(['up', '--help'], home.path);
    expect(await cli.exited).toBe(0);
    for (const flag of ['--profile', '--provider', '--emulator', '--exit-when-ready', '--backing-only']) {
      expect(cli.stdout()).toContain(flag);
    }
  });

  it('rejects an unknown provider naming the flag', async () => {
    const cli = runCli(['up', '--provider', 'podman'], home.path);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain("option '--provider <provider>' argument 'podman' is invalid");
  });

  it('up on a fresh clone: creates the harness home it has never had', async () => {
    const fresh = join(home.path, 'not-yet-created');
    const up = runCli(
      ['up', '--profile', 'compose', '--provider', 'native', '--backing-only', '--exit-when-ready'],
      fresh,
    );
    expect(await up.exited).toBe(0);
    expect(up.stderr()).toMatch(/ready in \d+\.\d+ s/);
    expect(existsSync(join(fresh, 'harness.pid'))).toBe(false);
  });

  it('after a SIGKILLed up, the next up cleans the leftovers; harness down stops it with nothing left', async () => {
    // GIVEN an up killed in the middle of its start, with server processes already running
    const first = runCli(['up', '--profile', 'compose', '--provider', 'native', '--backing-only'], home.path);
    const firstRun = (await waitForStderr(first, /run (\S+)\n/, 60_000))[1] ?? '';
    const firstDir = join(runs, firstRun);
    await pollUntil(
      async () =>
        processesMentioning(firstDir, RUN_DIR_MARKER).some((p) => /postgres|redis-server/.test(p.cmdline))
          ? true
          : undefined,
      { description: 'a server process of the first run', timeoutMs: 120_000 },
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(processesMentioning(firstDir, RUN_DIR_MARKER).length).toBeGreaterThan(0);

    // WHEN the next up starts
    const second = runCli(['up', '--profile', 'compose', '--provider', 'native', '--backing-only'], home.path);
    try {
      await waitForStderr(second, /ready in/, 180_000);

      // THEN the dead run's processes and dir are gone, and the new stack is up and described
      expect(second.stderr()).toContain(`cleaned stale run ${firstRun}`);
      expect(processesMentioning(firstDir, RUN_DIR_MARKER)).toEqual([]);
      expect(existsSync(firstDir)).toBe(false);
      const document = readStackFile(join(home.path, 'stack.json'));
      expect(document.pid).toBe(second.child.pid);
      expect(Object.keys(document.profiles)).toEqual(['compose']);
      expect(second.stdout()).toMatch(/compose\s+rabbitmq\s+amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+/);

      // AND harness down stops it, leaving no process, pid file or stack document
      const down = runCli(['down'], home.path);
      expect(await down.exited).toBe(0);
      expect(down.stderr()).toMatch(/harness up stopped in \d+\.\d+ s/);
      expect(await second.exited).toBe(0);
      expect(processesUnder(runs, RUN_DIR_MARKER)).toEqual([]);
      expect(existsSync(join(home.path, 'harness.pid'))).toBe(false);
      expect(existsSync(join(home.path, 'stack.json'))).toBe(false);
    } finally {
      if (second.child.exitCode === null) second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('Ctrl-C in the middle of a start stops what had started and removes the run dir', async () => {
    const up = runCli(['up', '--profile', 'compose', '--provider', 'native', '--backing-only'], home.path);
    const runDir = join(runs, (await waitForStderr(up, /run (\S+)\n/, 60_000))[1] ?? '');
    await pollUntil(async () => (processesMentioning(runDir, RUN_DIR_MARKER).length > 0 ? true : undefined), {
      description: 'a server process of the run',
      timeoutMs: 120_000,
    });
    up.child.kill('SIGINT');
    expect(await up.exited).toBe(0);
    expect(up.stderr()).toContain('received SIGINT: stopping everything');
    await pollUntil(async () => (processesMentioning(runDir, RUN_DIR_MARKER).length === 0 ? true : undefined), {
      description: 'the processes of the interrupted run to be gone',
      timeoutMs: 10_000,
    });
    expect(existsSync(runDir)).toBe(false);
    expect(existsSync(join(home.path, 'harness.pid'))).toBe(false);
  });

  it('Ctrl-C while the services start leaves none of the processes it started', async () => {
    // The launched services carry no trace of the run dir (their environment is exactly compose's).
    const up = runCli(['up', '--profile', 'compose', '--provider', 'native'], home.path);
    await waitForStderr(up, /\.\.\. services and routers/, 120_000);
    const descendants = () => {
      const processes = listProcesses();
      return withDescendants(
        processes.filter((p) => p.pid === up.child.pid),
        processes,
      ).filter((p) => p.pid !== up.child.pid);
    };
    await pollUntil(
      async () => (descendants().some((p) => /services\/\w+\/src\/server\.ts/.test(p.cmdline)) ? true : undefined),
      { description: 'a launched service', timeoutMs: 60_000, intervalMs: 20 },
    );
    const started = descendants();

    up.child.kill('SIGINT');

    expect(await up.exited).toBe(0);
    expect(up.stderr()).toContain('received SIGINT: stopping everything');
    expect(started.filter(stillAlive)).toEqual([]);
  });

  it('down with nothing running says so and succeeds', async () => {
    const down = runCli(['down'], home.path);
    expect(await down.exited).toBe(0);
    expect(down.stderr()).toContain('nothing to stop');
  });
});
