import { join } from 'node:path';
import { HarnessError } from '../core/harness-error.ts';
import { harnessHome, newRunId, runsRoot } from '../core/run-dir.ts';
import { startStack, type StartedStack } from '../up/start-stack.ts';
import { backingServerSteps } from '../up/steps.ts';
import { stackFilePath } from '../stack/stack-file.ts';
import type { EmulatorChoice } from '../emulator/resolve-emulator.ts';
import type { ProviderChoice } from '../providers/resolve-provider.ts';
import type { ProfileChoice } from '../up/up-step.ts';
import { endpointsTable } from './endpoints-table.ts';
import { readPidFile, removeOwnPidFile, upStillRuns, writePidFile } from './pid-file.ts';
import { stepProgressLine, tearDownRun } from './tear-down-run.ts';

export interface UpCommandOptions {
  readonly profile: ProfileChoice;
  readonly provider: ProviderChoice;
  readonly emulator: EmulatorChoice;
  readonly exitWhenReady: boolean;
  readonly backingOnly: boolean;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * `harness up`: brings the stack up in the foreground, prints every step with its timing (stderr)
 * and the endpoints table (stdout), writes `.harness/stack.json`, then waits for Ctrl-C, SIGTERM or
 * `harness down`. Any of those, or an uncaught error, tears everything down.
 */
export async function upCommand(options: UpCommandOptions): Promise<number> {
  const home = harnessHome();
  const previous = readPidFile(home);
  if (previous && previous.pid !== process.pid && upStillRuns(previous)) {
    throw new HarnessError(
      'STATE_INVALID',
      `harness up is already running (pid ${previous.pid}, run ${previous.runId}); stop it with \`harness down\``,
    );
  }
  const runId = newRunId();
  const runDir = join(runsRoot(home), runId);
  const begin = Date.now();
  let stack: StartedStack | undefined;
  let shuttingDown: Promise<number> | undefined;

  const shutdown = (reason: string, code: number): Promise<number> => {
    shuttingDown ??= (async () => {
      const started = Date.now();
      process.stderr.write(`\n${reason}: stopping everything...\n`);
      await tearDownRun({ stack, home, runDir, runId });
      process.stderr.write(`stopped in ${seconds(Date.now() - started)}\n`);
      return code;
    })();
    return shuttingDown;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void shutdown(`received ${signal}`, 0).then((code) => process.exit(code));
  };
  const onFatal = (error: unknown) => {
    console.error(`harness up: ${error instanceof Error ? error.message : String(error)}`);
    void shutdown('fatal error', 1).then((code) => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);

  writePidFile(home, runId);
  process.stderr.write(
    `harness up: profile ${options.profile}, provider ${options.provider}, emulator ${options.emulator}, run ${runId}\n`,
  );
  try {
    stack = await startStack({
      profile: options.profile,
      provider: options.provider,
      emulator: options.emulator,
      home,
      runId,
      stackFile: stackFilePath(home),
      ...(options.backingOnly ? { steps: backingServerSteps() } : {}),
      onStep: (event) => process.stderr.write(`${stepProgressLine(event)}\n`),
    });
  } catch (error) {
    removeOwnPidFile(home);
    if (shuttingDown) return shuttingDown;
    throw error;
  }
  if (shuttingDown) return shuttingDown;
  for (const report of stack.cleaned) {
    process.stderr.write(
      `  cleaned stale run ${report.runId} (killed ${report.killedPids.length} leftover processes)\n`,
    );
  }
  process.stderr.write(`ready in ${seconds(Date.now() - begin)}; stack document: ${stackFilePath(home)}\n`);
  process.stdout.write(`${endpointsTable(stack.document)}\n`);
  if (options.exitWhenReady) return shutdown('--exit-when-ready', 0);
  process.stderr.write('press Ctrl-C or run `harness down` to stop\n');
  // Stay in the foreground until a signal handler exits the process.
  await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
  return 0;
}
