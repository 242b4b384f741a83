/**
 * Cold `harness up` benchmark: runs `harness up --profile both --provider native` N times (default
 * 5, `--runs N`), each time measuring from spawning the CLI until it prints the endpoints table (the
 * stack is ready), then stops it with SIGTERM. `--stack backing` (the default) starts only the
 * backing servers and the emulator (`--backing-only`); `--stack full` also deploys the CDK target
 * and launches both profiles behind their gateways. Prints every run, the median and the machine's
 * load average, because on a shared 2-core machine the load dominates.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../harness/core/deadline.ts';
import { REPO_ROOT } from '../harness/core/run-dir.ts';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error('bench: --runs must be an integer between 1 and 50');
  process.exit(2);
}

const stackFlag = process.argv.indexOf('--stack');
const stack = stackFlag > 0 ? process.argv[stackFlag + 1] : 'backing';
if (stack !== 'backing' && stack !== 'full') {
  console.error('bench: --stack must be "backing" or "full"');
  process.exit(2);
}
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
