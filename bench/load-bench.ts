/**
 * `npm run bench`: the consolidation-stress scenario (load/scenarios.ts) on three targets in one
 * run: a bare hello-world Fastify server (the ceiling), the compose gateway and the aws gateway of
 * a stack started for the bench. For each it measures p99 at the requirement's 50 req/s (10 s),
 * then steps the arrival rate up until p99 > 100 ms or errors > 1% and reports the knee. Writes
 * reports/bench.json (knees, p99 at 50 req/s, the ratios aws/compose and aws/ceiling of the knees,
 * the load average) and reports/bench.svg (rate against p99 per target).
 *
 * Every step is bounded: the ceiling server must print its URL within 30 s, the stack's steps have
 * their readiness deadlines, a load step lasts its scenario (at most 54 s) plus the 10 s request
 * timeout, and the stack and the server are stopped whatever happens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { projectNode } from '../harness/core/project-node.ts';
import { REPO_ROOT, startStack, type StartedStack } from '../harness/index.ts';
import { consolidationPeak, consolidationStress, KNEE_LIMITS } from '../load/scenarios.ts';
import { loadTargetFromDocument } from '../load/runner/load-target.ts';
import type { LoadTarget } from '../load/runner/open-model-runner.ts';
import { runScenario } from '../load/runner/run-scenario.ts';
import { rateChart } from './rate-chart.ts';

const TARGETS = ['ceiling', 'compose', 'aws'] as const;
type TargetName = (typeof TARGETS)[number];

const { only, reportDir } = new Command('bench/load-bench.ts')
  .description('stress the consolidation read path on a hello-world ceiling and both gateways, in one run')
  .addOption(new Option('--only <targets...>', 'a subset of the targets').choices([...TARGETS]).default([...TARGETS]))
  .option('--report-dir <dir>', 'where bench.json and bench.svg go', 'reports')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse()
  .opts<{ only: TargetName[]; reportDir: string }>();

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const load = () => loadavg().map((n) => Number(n.toFixed(2)));

/** The hello-world server in a process of its own, so that it does not share the runner's event loop. */
async function startCeiling(): Promise<{ target: LoadTarget; child: ChildProcess }> {
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(projectNode(), [tsx, join(REPO_ROOT, 'bench', 'hello-server.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the hello-world server printed no URL within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the hello-world server exited with ${code}`)));
    child.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString().trim());
    });
  });
  return { target: { baseUrl: url }, child };
}

interface TargetResult {
  readonly knee: number | null;
  readonly p99At50Ms: number;
  readonly failedAt50: number;
  readonly stages: readonly { rate: number; requests: number; failed: number; p99Ms: number }[];
  readonly runner: { readonly maxSendLagMs: number; readonly eventLoopDelayP99Ms: number };
  readonly loadAverageBefore: number[];
}

async function measure(name: TargetName, target: LoadTarget): Promise<TargetResult> {
  const loadAverageBefore = load();
  const dir = join(reportDir, 'bench');
  log(`${name}: 50 req/s for 10 s (load average ${loadAverageBefore.join(' ')})`);
  const peak = await runScenario({ ...consolidationPeak, durationSeconds: 10 }, target, name, dir);
  log(
    `${name}: p99 at 50 req/s ${peak.summary.metrics.http_req_duration!.values['p(99)']!.toFixed(2)} ms; stepping up`,
  );
  const stress = await runScenario(consolidationStress, target, name, dir, {
    onProgress: ({ second, sent, failed }) => {
      if (second % 6 === 0) log(`${name}: ${second}s sent=${sent} failed=${failed}`);
    },
  });
  const knee = stress.summary.runner.knee ?? null;
  log(`${name}: knee ${knee ?? 'none'} req/s`);
  return {
    knee,
    p99At50Ms: peak.summary.metrics.http_req_duration!.values['p(99)']!,
    failedAt50: peak.summary.metrics.http_req_failed!.values.passes!,
    stages: stress.summary.runner.stages,
    runner: {
      maxSendLagMs: stress.summary.runner.maxSendLagMs,
      eventLoopDelayP99Ms: stress.summary.runner.eventLoopDelayP99Ms,
    },
    loadAverageBefore,
  };
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null || b === 0 ? null : Number((a / b).toFixed(3));

let ceiling: ChildProcess | undefined;
let stack: StartedStack | undefined;
let exitCode = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}, stopping`);
    ceiling?.kill('SIGTERM');
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
try {
  const started = new Date().toISOString();
  const loadAverageAtStart = load();
  const targets: Partial<Record<TargetName, LoadTarget>> = {};
  if (only.includes('ceiling')) {
    const hello = await startCeiling();
    ceiling = hello.child;
    targets.ceiling = hello.target;
  }
  const profiles = (['compose', 'aws'] as const).filter((p) => only.includes(p));
  if (profiles.length > 0) {
    log(`starting the stack (${profiles.join(', ')})`);
    const home = join(REPO_ROOT, '.harness', 'bench-home');
    mkdirSync(home, { recursive: true, mode: 0o755 });
    stack = await startStack({
      profile: profiles.length === 2 ? 'both' : profiles[0]!,
      home,
      runId: `bench-${Date.now().toString(36)}`,
      onStep: (event) => event.phase !== 'start' && log(`${event.step} ${event.phase} in ${event.ms} ms`),
    });
    for (const profile of profiles) targets[profile] = await loadTargetFromDocument(stack.document, profile);
  }
  const results: Partial<Record<TargetName, TargetResult>> = {};
  for (const name of TARGETS) {
    const target = targets[name];
    if (target !== undefined) results[name] = await measure(name, target);
  }
  const report = {
    started,
    finished: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    loadAverage: { atStart: loadAverageAtStart, atEnd: load() },
    scenario: consolidationStress.name,
    kneeLimits: KNEE_LIMITS,
    targets: results,
    ratios: {
      awsOverCompose: ratio(results.aws?.knee, results.compose?.knee),
      awsOverCeiling: ratio(results.aws?.knee, results.ceiling?.knee),
    },
  };
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  const chart = rateChart(
    TARGETS.filter((name) => results[name] !== undefined).map((name) => ({
      name: `${name} (knee ${results[name]!.knee ?? 'none'})`,
      points: results[name]!.stages,
    })),
    KNEE_LIMITS.p99Ms,
    `consolidation-stress, ${started.slice(0, 10)}, ${cpus().length} cores, load ${loadAverageAtStart[0]}`,
  );
  writeFileSync(join(reportDir, 'bench.svg'), chart);
  for (const name of TARGETS) {
    const r = results[name];
    if (r !== undefined) log(`${name}: knee ${r.knee ?? 'none'} req/s, p99 at 50 req/s ${r.p99At50Ms.toFixed(2)} ms`);
  }
  log(`ratios: aws/compose ${report.ratios.awsOverCompose}, aws/ceiling ${report.ratios.awsOverCeiling}`);
  log(`wrote ${join(reportDir, 'bench.json')} and ${join(reportDir, 'bench.svg')}`);
} catch (error) {
  log(`failed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  ceiling?.kill('SIGTERM');
  await stack?.stop();
}
process.exit(exitCode);
