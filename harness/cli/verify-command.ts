import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HarnessError } from '../core/harness-error.ts';
import { harnessHome, newRunId, REPO_ROOT, runsRoot } from '../core/run-dir.ts';
import type { EmulatorChoice } from '../emulator/resolve-emulator.ts';
import type { ProviderChoice } from '../providers/resolve-provider.ts';
import type { StackDocument } from '../stack/stack-document.ts';
import { readStackFile, stackFilePath } from '../stack/stack-file.ts';
import { startStack, type StartedStack } from '../up/start-stack.ts';
import { buildParityReport, type LoadRun, type Screenshot } from '../report/parity-report.ts';
import { formatCheckProgress, formatFindingsTable } from '../report/terminal-report.ts';
import { writeParityReports } from '../report/write-parity-reports.ts';
import { PARITY_ALLOW_LIST } from '../verify/allow-list.ts';
import { gatherParityFacts } from '../verify/gather-parity-facts.ts';
import { gatewayTargets } from '../verify/gateway-targets.ts';
import { PARITY_EXIT } from '../verify/parity-result.ts';
import { runChecks } from '../verify/run-checks.ts';
import { secretHygieneTarget } from '../verify/secret-hygiene/secret-hygiene-target.ts';
import { gatherWiringTargets } from '../verify/wiring/index.ts';
import type { LoadSummary } from '../../load/runner/k6-summary.ts';
import { readPidFile, removeOwnPidFile, upStillRuns, writePidFile } from './pid-file.ts';
import { gateChecks, type GateCheckContext } from './gate-checks.ts';
import { stepProgressLine, tearDownRun } from './tear-down-run.ts';

export interface VerifyCommandOptions {
  readonly provider: ProviderChoice;
  readonly emulator: EmulatorChoice;
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly keepUp: boolean;
  readonly reportDir: string;
  readonly json: boolean;
  /** A running `harness up`'s stack document: check it instead of starting a stack. */
  readonly against?: string;
}

let keepingUp = false;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `harness verify`, the parity gate: both profiles up, every check, the reports, teardown. Exit 0
 * when every check holds, 1 with findings, 2 when the gate could not run (a server would not start,
 * a bad flag, a check that could not look), saying which.
 */
export async function verifyCommand(options: VerifyCommandOptions): Promise<number> {
  const timings: { name: string; durationMs: number }[] = [];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings.push({ name, durationMs: Date.now() - started });
    }
  };
  const begin = Date.now();
  let session: VerifyStack;
  try {
    session = options.against
      ? attachedStack(resolve(options.against))
      : await timed('up (both profiles)', () => startOwnStack(options));
  } catch (error) {
    say(`harness verify: could not bring the stack up: ${describe(error)}`);
    return PARITY_EXIT.couldNotRun;
  }
  try {
    const loadSummaries = new Map<string, LoadSummary>();
    const screenshots: Screenshot[] = [];
    say('gathering facts from docker-compose.yml, the deploy record and the emulator...');
    const facts = await timed('gather facts', () =>
      gatherParityFacts({
        document: session.document,
        composeFile: join(REPO_ROOT, 'docker-compose.yml'),
        env: process.env,
      }),
    );
    const checks = gateChecks();
    const context: GateCheckContext = {
      staticFacts: facts.staticFacts,
      targetFacts: facts.targetFacts,
      gateways: gatewayTargets(session.document),
      stackFile: session.stackFile,
      reportDir: resolve(options.reportDir),
      loadSummaries,
      screenshots,
      progress: (message: string) => say(`      ${message}`),
      wiring: gatherWiringTargets({ document: session.document, configuration: facts.staticFacts.configuration }),
      secretHygiene: secretHygieneTarget({
        document: session.document,
        secrets: facts.namedSecrets,
        stackFile: session.stackFile,
        reportDir: resolve(options.reportDir),
      }),
    };
    const result = await timed('checks', () =>
      runChecks(checks, context, {
        ...(options.only ? { only: options.only } : {}),
        ...(options.skip ? { skip: options.skip } : {}),
        allowList: PARITY_ALLOW_LIST,
        secrets: facts.secrets,
        onProgress: (progress) => say(`  ${formatCheckProgress(progress)}`),
      }),
    );
    const report = buildParityReport(result, {
      timings,
      adaptations: facts.adaptations,
      load: [...loadSummaries].map(([profile, summary]) => loadRunOf(profile, summary)),
      secrets: facts.secrets,
      screenshots,
    });
    const files = writeParityReports(options.reportDir, report);
    process.stdout.write(`${formatFindingsTable(report)}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    say(`reports: ${files.json}, ${files.junit}, ${files.html}`);
    say(`verify took ${seconds(Date.now() - begin)}`);
    return report.exitCode;
  } catch (error) {
    say(`harness verify: could not run the checks: ${describe(error)}`);
    return PARITY_EXIT.couldNotRun;
  } finally {
    if (options.keepUp && session.stop !== undefined) {
      keepingUp = true;
      say(`--keep-up: the stack stays up (${session.stackFile}); stop it with Ctrl-C or \`harness down\``);
      await waitForSignal();
    }
    await session.stop?.();
  }
}

/** Resolves on the first SIGINT, SIGTERM or SIGHUP (`harness down` sends SIGTERM). */
function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
}

function describe(error: unknown): string {
  const code = error instanceof HarnessError ? ` [${error.code}]` : '';
  return `${error instanceof Error ? error.message : String(error)}${code}`;
}

interface VerifyStack {
  readonly document: StackDocument;
  readonly home: string;
  readonly stackFile: string;
  /** Absent for a stack verify did not start. */
  readonly stop?: () => Promise<void>;
}

function attachedStack(stackFile: string): VerifyStack {
  if (!existsSync(stackFile)) {
    throw new HarnessError(
      'OPTION_INVALID',
      `--against: no stack document at ${stackFile}; start one with \`npx harness up\``,
    );
  }
  return { document: readStackFile(stackFile), home: dirname(stackFile), stackFile };
}

async function startOwnStack(options: VerifyCommandOptions): Promise<VerifyStack> {
  const home = harnessHome();
  const previous = readPidFile(home);
  if (previous && previous.pid !== process.pid && upStillRuns(previous)) {
    throw new HarnessError(
      'STATE_INVALID',
      `harness up is already running (pid ${previous.pid}); stop it with \`harness down\`, or check it with \`harness verify --against ${stackFilePath(home)}\``,
    );
  }
  const runId = newRunId();
  const runDir = join(runsRoot(home), runId);
  let stack: StartedStack | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const started = Date.now();
      say('tearing down...');
      await tearDownRun({ stack, home, runDir, runId });
      say(`torn down in ${seconds(Date.now() - started)}`);
    })());
  // A signal while the gate runs ends it as "could not run"; with --keep-up after the checks, the
  // wait for a signal takes over and the gate's own exit code stands.
  const onSignal = (signal: NodeJS.Signals) => {
    if (keepingUp) return;
    say(`received ${signal}`);
    void stop().then(() => process.exit(PARITY_EXIT.couldNotRun));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  writePidFile(home, runId);
  say(`harness verify: provider ${options.provider}, emulator ${options.emulator}, run ${runId}`);
  try {
    stack = await startStack({
      profile: 'both',
      provider: options.provider,
      emulator: options.emulator,
      home,
      runId,
      stackFile: stackFilePath(home),
      onStep: (event) => say(stepProgressLine(event)),
    });
  } catch (error) {
    removeOwnPidFile(home);
    throw error;
  }
  return { document: stack.document, home, stackFile: stackFilePath(home), stop };
}

function loadRunOf(profile: string, summary: LoadSummary): LoadRun {
  const values = (name: string) => summary.metrics[name]?.values ?? {};
  const thresholds: Record<string, { ok: boolean }> = {};
  for (const [metric, { thresholds: own }] of Object.entries(summary.metrics)) {
    for (const [expression, verdict] of Object.entries(own ?? {})) thresholds[`${metric}: ${expression}`] = verdict;
  }
  const duration = values('http_req_duration');
  return {
    name: summary.scenario,
    profile: profile as 'compose' | 'aws',
    summary: {
      metrics: {
        http_reqs: { count: values('http_reqs').count ?? 0, rate: values('http_reqs').rate ?? 0 },
        http_req_failed: {
          rate: values('http_req_failed').rate ?? 0,
          passes: values('http_req_failed').passes ?? 0,
          fails: values('http_req_failed').fails ?? 0,
        },
        http_req_duration: {
          avg: duration.avg,
          min: duration.min,
          med: duration.med ?? 0,
          max: duration.max ?? 0,
          'p(90)': duration['p(90)'] ?? 0,
          'p(95)': duration['p(95)'] ?? 0,
          'p(99)': duration['p(99)'] ?? 0,
        },
        dropped_iterations: { count: values('dropped_iterations').count ?? 0, rate: values('dropped_iterations').rate },
      },
      thresholds,
    },
    series: {
      x: 'elapsed_s',
      points: summary.runner.timeline.map((point) => ({ x: point.second, p95: point.p95Ms, p99: point.p99Ms })),
    },
  };
}
