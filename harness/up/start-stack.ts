import { logFor } from '../core/logger.ts';
import { harnessHome, newRunId, RunDir } from '../core/run-dir.ts';
import { cleanStaleRuns, type StaleRunReport } from '../cleanup/stale-runs.ts';
import { defaultUpSteps } from './steps.ts';
import type { ProfileChoice, ProfileHandles, ResolvedStackOptions, StackState, UpContext, UpStep } from './up-step.ts';
import type { EmulatorChoice } from '../emulator/resolve-emulator.ts';
import type { ProviderChoice } from '../providers/resolve-provider.ts';
import { HarnessError } from '../core/harness-error.ts';
import type { ProfileName, StackDocument } from '../stack/stack-document.ts';
import { removeStackFile, writeStackFile } from '../stack/stack-file.ts';

/** Options of {@link startStack}; every field has a default. */
export interface StackOptions {
  /** @default 'both' */
  readonly profile?: ProfileChoice;
  /** @default 'auto' (containers when a Docker engine answers, else native) */
  readonly provider?: ProviderChoice;
  /** @default 'moto' */
  readonly emulator?: EmulatorChoice;
  /** The harness home holding the run dirs. @default `HARNESS_HOME`, else `.harness/` of this checkout */
  readonly home?: string;
  /** @default a fresh id; tests prefix theirs to recognise their own runs */
  readonly runId?: string;
  /** Where to write the stack document once ready. @default not written (tests); the CLI passes `.harness/stack.json` */
  readonly stackFile?: string;
  /** @default {@link defaultUpSteps} */
  readonly steps?: readonly UpStep[];
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Most tasks the aws profile runs per service: the deployed service's desired count, capped by
   * this (e.g. `{ auth: 2 }` for two auth processes behind the ALB stand-in).
   * @default one task per service
   */
  readonly maxTasks?: ResolvedStackOptions['maxTasks'];
  /** Called around every step, e.g. to print progress with timings. */
  readonly onStep?: (event: StepEvent) => void;
}

/** Progress of one step. */
export type StepEvent =
  | { readonly phase: 'start'; readonly step: string }
  | { readonly phase: 'done'; readonly step: string; readonly ms: number }
  | { readonly phase: 'failed'; readonly step: string; readonly ms: number; readonly error: unknown };

/** A running stack: every profile's servers, the emulator, later layers' handles, and teardown. */
export interface StartedStack extends AsyncDisposable {
  readonly runId: string;
  readonly runDir: string;
  readonly caFile: string | undefined;
  readonly profiles: Partial<Record<ProfileName, ProfileHandles>>;
  readonly state: StackState;
  readonly document: StackDocument;
  /** Stale runs of dead owners cleaned before this one started. */
  readonly cleaned: readonly StaleRunReport[];
  /** The servers of one profile; throws when the stack does not serve it. */
  profile(name: ProfileName): ProfileHandles;
  /** Tears everything down (idempotent); same as disposing. */
  stop(): Promise<void>;
}

interface Teardown {
  readonly description: string;
  readonly run: () => Promise<void>;
}

/** Runs teardowns group by group in reverse, each group in parallel; logs failures and goes on. */
async function runTeardowns(groups: Teardown[][], log: ReturnType<typeof logFor>): Promise<void> {
  for (const group of [...groups].reverse()) {
    await Promise.all(
      group.map((teardown) =>
        teardown
          .run()
          .catch((error: unknown) => log.error({ err: error, what: teardown.description }, 'teardown failed')),
      ),
    );
  }
}

/**
 * Brings up the stack: cleans stale runs, creates this run's dir, runs the up steps in order and,
 * when all are done, writes the stack document. A failing step tears down what earlier steps (and
 * the failing one) started, then rethrows the original error.
 */
export async function startStack(options: StackOptions = {}): Promise<StartedStack> {
  const resolved: ResolvedStackOptions = {
    profile: options.profile ?? 'both',
    provider: options.provider ?? 'auto',
    emulator: options.emulator ?? 'moto',
    env: options.env ?? process.env,
    maxTasks: options.maxTasks ?? {},
  };
  const log = logFor('stack');
  const home = options.home ?? harnessHome(resolved.env);
  const cleaned = await cleanStaleRuns(home);
  const runDir = RunDir.create(home, options.runId ?? newRunId());
  const profiles: ProfileName[] = resolved.profile === 'both' ? ['compose', 'aws'] : [resolved.profile];
  const state: StackState = { profiles: {}, launched: {} };
  const document: StackDocument = {
    schemaVersion: 1,
    runId: runDir.runId,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    runDir: runDir.path,
    provider: resolved.provider,
    profiles: {},
  };
  const groups: Teardown[][] = [];
  const context: UpContext = {
    options: resolved,
    runDir,
    home,
    state,
    document,
    profiles,
    log,
    defer: (description, run) => groups.at(-1)?.push({ description, run }),
  };
  for (const step of options.steps ?? defaultUpSteps()) {
    groups.push([]);
    const started = Date.now();
    options.onStep?.({ phase: 'start', step: step.name });
    try {
      await step.run(context);
    } catch (error) {
      options.onStep?.({ phase: 'failed', step: step.name, ms: Date.now() - started, error });
      await runTeardowns(groups, log);
      runDir.remove();
      throw error;
    }
    options.onStep?.({ phase: 'done', step: step.name, ms: Date.now() - started });
  }
  document.readyAt = new Date().toISOString();
  if (options.stackFile) writeStackFile(options.stackFile, document);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await runTeardowns(groups, log);
      runDir.remove();
      if (options.stackFile) removeStackFile(options.stackFile, runDir.runId);
    })();
    return stopping;
  };
  return {
    runId: runDir.runId,
    runDir: runDir.path,
    caFile: state.ca?.caFile,
    profiles: state.profiles,
    state,
    document,
    cleaned,
    profile(name) {
      const handles = state.profiles[name];
      if (!handles) throw new HarnessError('OPTION_INVALID', `this stack does not serve the ${name} profile`);
      return handles;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
