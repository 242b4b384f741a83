/**
 * `npm run load -- --profile aws|compose --scenario <name> [--rate N] [--duration S]
 * [--against .harness/stack.json] [--report-dir reports]`: runs a load scenario with the open-model
 * runner against a running `harness up`. Exit 0 when every threshold held, 1 when one failed,
 * 2 when the run could not start (a bad flag, no stack).
 */
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadScenarios, type LoadScenario } from '../scenarios.ts';
import { loadTargetFromStack } from './load-target.ts';
import { formatSummary } from './print-summary.ts';
import { runScenario } from './run-scenario.ts';

const positive = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive number`);
  return n;
};

const program = new Command('load')
  .description('run a load scenario (load/scenarios.ts) against a running harness up, as an open model')
  .addOption(new Option('--profile <profile>', 'which gateway').choices(['compose', 'aws']).makeOptionMandatory())
  .addOption(new Option('--scenario <name>', 'scenario').choices(Object.keys(loadScenarios)).makeOptionMandatory())
  .option('--rate <n>', 'arrivals per second (constant-arrival-rate scenarios)', positive('--rate'))
  .option('--duration <seconds>', 'length of the run (constant-arrival-rate scenarios)', positive('--duration'))
  .option('--against <file>', 'the stack document of a running harness up', join('.harness', 'stack.json'))
  .option('--report-dir <dir>', 'where load-<scenario>-<profile>.json goes', 'reports')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse();

const flags = program.opts<{
  profile: 'compose' | 'aws';
  scenario: string;
  rate?: number;
  duration?: number;
  against: string;
  reportDir: string;
}>();

const base = loadScenarios[flags.scenario]!;
if ((flags.rate !== undefined || flags.duration !== undefined) && base.executor !== 'constant-arrival-rate') {
  process.stderr.write(`load: --rate and --duration apply to constant-arrival-rate scenarios; ${base.name} ramps\n`);
  process.exit(2);
}
const scenario: LoadScenario = {
  ...base,
  ...(flags.rate === undefined ? {} : { rate: flags.rate }),
  ...(flags.duration === undefined ? {} : { durationSeconds: flags.duration }),
};

try {
  const target = await loadTargetFromStack(flags.against, flags.profile);
  process.stderr.write(`load: ${scenario.name} against ${flags.profile} (${target.baseUrl})\n`);
  const { summary, file } = await runScenario(scenario, target, flags.profile, flags.reportDir, {
    onProgress: ({ second, sent, dropped, failed }) =>
      process.stderr.write(`  ${second}s sent=${sent} dropped=${dropped} failed=${failed}\n`),
  });
  process.stdout.write(`${formatSummary(summary)}\n  report: ${file}\n`);
  process.exit(summary.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`load: ${(error as Error).message}\n`);
  process.exit(2);
}
