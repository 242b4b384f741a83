/**
 * Cold `harness up` benchmark: runs `harness up --profile both --provider native` N times (default
 * 5, `--runs N`), each time measuring from spawning the CLI until it prints the endpoints table (the
 * stack is ready), then stops it with SIGTERM. `--stack backing` (the default) starts only the
 * backing servers and the emulator (`--backing-only`); `--stack full` also deploys the CDK target
 * and launches both profiles behind their gateways. Prints every run, the median and the machine's
 * load average, because on a shared 2-core machine the load dominates.
 */
import { spawn } from 'node:child_process';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../harness/core/deadline.ts';
import { REPO_ROOT } from '../harness/core/run-dir.ts';

const { runs, stack } = new Command('bench/harness-up.ts')
  .description('Times cold `harness up` runs until the stack is ready, then stops each with SIGTERM.')
  .addOption(
    new Option('--runs <n>', 'how many runs (1-50)').default(5).argParser((value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 50)
        throw new InvalidArgumentError('must be an integer between 1 and 50');
      return n;
    }),
  )
  .addOption(
    new Option('--stack <stack>', 'backing: servers and emulator only; full: also deploy and launch')
      .choices(['backing', 'full'])
      .default('backing'),
  )
  .showHelpAfterError()
  // A bad flag is a usage error: exit 2, as the other scripts do (help itself exits 0).
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse()
  .opts<{ runs: number; stack: 'backing' | 'full' }>();

const upArgs = ['up', '--profile', 'both', '--provider', 'native', ...(stack === 'backing' ? ['--backing-only'] : [])];

async function once(): Promise<{ readyMs: number; stopMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'harness.mjs'), ...upArgs], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await pollUntil(async () => (out.includes('emulator') ? true : undefined), {
      description: `the endpoints table of harness up (stderr: ${JSON.stringify(err.slice(-400))})`,
      timeoutMs: 180_000,
      intervalMs: 20,
    });
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    throw error;
  }
  const readyMs = performance.now() - started;
  const stopStarted = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`harness up exited with ${code} after SIGTERM:\n${err}`);
  return { readyMs, stopMs: performance.now() - stopStarted };
}

/** Results go to stdout, one line each. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

const results: { readyMs: number; stopMs: number }[] = [];
say(`harness ${upArgs.join(' ')}`);
say(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let i = 0; i < runs; i++) {
  const result = await once();
  results.push(result);
  say(
    `run ${i + 1}: ready ${(result.readyMs / 1000).toFixed(2)} s, stopped ${(result.stopMs / 1000).toFixed(2)} s ` +
      `(load ${loadavg()[0]?.toFixed(2)})`,
  );
}
const sorted = results.map((r) => r.readyMs).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
say(`median time to ready over ${runs} runs: ${(median / 1000).toFixed(2)} s`);
