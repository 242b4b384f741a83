/**
 * `npm run load -- --profile aws|compose --scenario <name> [--rate N] [--duration S]
 * [--against .harness/stack.json | --own-stack] [--report-dir reports]`: runs a load scenario with
 * the open-model runner against a running `harness up`, or against a stack of its own
 * (`--own-stack`, which the scenarios that kill a service need). Exit 0 when every threshold held,
 * 1 when one failed, 2 when the run could not start (a bad flag, no stack).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadScenarios, writeThenReadScenarios, type LoadScenario, type WriteThenReadScenario } from '../scenarios.ts';
import { loadTargetFromStack } from './load-target.ts';
import type { LoadTarget } from './open-model-runner.ts';
import { startOwnStack, type OwnStack } from './own-stack.ts';
import { formatSummary } from './print-summary.ts';
import { runScenario } from './run-scenario.ts';
import { runWriteThenRead } from './write-then-read-runner.ts';
import { formatWriteThenReadSummary, writeThenReadSummary } from './write-then-read-summary.ts';

const positive = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive number`);
  return n;
};

const scenarioNames = [...Object.keys(loadScenarios), ...Object.keys(writeThenReadScenarios)];
const program = new Command('load')
  .description('run a load scenario (load/scenarios.ts) against a running harness up, as an open model')
  .addOption(new Option('--profile <profile>', 'which gateway').choices(['compose', 'aws']).makeOptionMandatory())
  .addOption(new Option('--scenario <name>', 'scenario').choices(scenarioNames).makeOptionMandatory())
  .option('--rate <n>', 'arrivals per second (constant-arrival-rate scenarios)', positive('--rate'))
  .option('--duration <seconds>', 'length of the run (constant-arrival-rate scenarios)', positive('--duration'))
  .option('--against <file>', 'the stack document of a running harness up', join('.harness', 'stack.json'))
  .option('--own-stack', 'start the profile for this run and stop it after (instead of --against)', false)
  .option('--report-dir <dir>', 'where load-<scenario>-<profile>.json goes', 'reports')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse();

const flags = program.opts<{
  profile: 'compose' | 'aws';
  scenario: string;
  rate?: number;
  duration?: number;
  against: string;
  ownStack: boolean;
  reportDir: string;
}>();

const overrides = {
  ...(flags.rate === undefined ? {} : { rate: flags.rate }),
  ...(flags.duration === undefined ? {} : { durationSeconds: flags.duration }),
};
const readScenario = loadScenarios[flags.scenario];
const writeScenario = writeThenReadScenarios[flags.scenario];
if (
  readScenario !== undefined &&
  Object.keys(overrides).length > 0 &&
  readScenario.executor !== 'constant-arrival-rate'
) {
  process.stderr.write(
    `load: --rate and --duration apply to constant-arrival-rate scenarios; ${readScenario.name} ramps\n`,
  );
  process.exit(2);
}
if (writeScenario?.kill !== undefined && !flags.ownStack) {
  process.stderr.write(`load: ${writeScenario.name} kills consolidated mid-run: give --own-stack\n`);
  process.exit(2);
}

const progress = (line: string) => process.stderr.write(`  ${line}\n`);

async function runReads(scenario: LoadScenario, target: LoadTarget): Promise<boolean> {
  const { summary, file } = await runScenario(scenario, target, flags.profile, flags.reportDir, {
    onProgress: ({ second, sent, dropped, failed }) =>
      progress(`${second}s sent=${sent} dropped=${dropped} failed=${failed}`),
  });
  process.stdout.write(`${formatSummary(summary)}\n  report: ${file}\n`);
  return summary.ok;
}

async function runWrites(scenario: WriteThenReadScenario, target: LoadTarget, own?: OwnStack): Promise<boolean> {
  const run = await runWriteThenRead(scenario, target, {
    ...(own === undefined ? {} : { consolidated: own.consolidated }),
    onProgress: ({ second, written, visible, pending }) =>
      progress(`${second}s written=${written} visible=${visible} pending=${pending}`),
  });
  const summary = writeThenReadSummary(run, flags.profile);
  mkdirSync(flags.reportDir, { recursive: true });
  const file = join(flags.reportDir, `load-${scenario.name}-${flags.profile}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(`${formatWriteThenReadSummary(summary)}\n  report: ${file}\n`);
  return summary.ok;
}

let own: OwnStack | undefined;
let ok: boolean;
// A stack of its own is stopped on Ctrl-C too; its processes would otherwise outlive the run
// (until the next --own-stack run cleans them as a stale run).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`load: ${signal}, stopping\n`);
    void (own?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}
try {
  if (flags.ownStack) {
    process.stderr.write(`load: starting a ${flags.profile} stack for this run\n`);
    own = await startOwnStack(flags.profile, progress);
  }
  const target = own?.target ?? (await loadTargetFromStack(flags.against, flags.profile));
  process.stderr.write(`load: ${flags.scenario} against ${flags.profile} (${target.baseUrl})\n`);
  ok =
    readScenario !== undefined
      ? await runReads({ ...readScenario, ...overrides }, target)
      : await runWrites(
          {
            ...writeScenario!,
            ...(flags.rate === undefined ? {} : { writeRate: flags.rate }),
            ...(flags.duration === undefined ? {} : { durationSeconds: flags.duration }),
          },
          target,
          own,
        );
} catch (error) {
  process.stderr.write(`load: ${(error as Error).message}\n`);
  await own?.stop();
  process.exit(2);
}
await own?.stop();
process.exit(ok ? 0 : 1);
