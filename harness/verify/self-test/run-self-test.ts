import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { HarnessError } from '../../core/harness-error.ts';
import { logFor } from '../../core/logger.ts';
import { deployStack, synthesizeForEmulator, type TemplateTarget } from '../../deploy/deploy-stack.ts';
import type { CfnTemplate } from '../../deploy/template-types.ts';
import { MotoEmulator, type StartedMotoEmulator } from '../../emulator/moto-emulator.ts';
import type { EmulatorChoice } from '../../emulator/resolve-emulator.ts';
import type { ProviderChoice } from '../../providers/resolve-provider.ts';
import type { StackDocument } from '../../stack/stack-document.ts';
import { DEMO_USER_OVERRIDE, deployStep } from '../../up/deploy-step.ts';
import { startStack, type StartedStack } from '../../up/start-stack.ts';
import { backingServerSteps } from '../../up/steps.ts';
import type { AllowListEntry } from '../allow-list-entry.ts';
import type { ParityCheck } from '../check.ts';
import { FINDING_CODES } from '../finding.ts';
import { gatherParityFacts, type ParityFacts } from '../gather-parity-facts.ts';
import type { EvaluatedFinding } from '../parity-result.ts';
import { runChecks } from '../run-checks.ts';
import { runLaunchedDefect } from './launched-defect.ts';
import type { MigrationDefect } from './migration-defect.ts';

/** How one defect of the catalogue fared. */
export type DefectStatus = 'caught' | 'missed' | 'waiting' | 'error';

export interface DefectOutcome {
  readonly defect: MigrationDefect;
  readonly status: DefectStatus;
  /** Caught: the finding's subject; missed: what the check found instead; waiting / error: why. */
  readonly detail: string;
  /** The finding that caught it. */
  readonly caughtBy?: { readonly code: string; readonly subject: string };
  /** Seeding, deploying, gathering and checking this one defect. */
  readonly durationMs: number;
}

export interface SelfTestResult {
  readonly outcomes: readonly DefectOutcome[];
  /** Bringing up the shared servers and emulator, and the first (clean) deploy. */
  readonly setupMs: number;
  readonly durationMs: number;
}

export interface SelfTestOptions<C> {
  readonly defects: readonly MigrationDefect[];
  /** The gate's checks (`gateChecks()`); a defect whose check is not among them waits for it. */
  readonly checks: readonly ParityCheck<C>[];
  /** Builds the gate's check context from the facts gathered after one deploy. */
  readonly contextFor: (facts: ParityFacts, document: StackDocument, workDir: string) => C;
  readonly allowList: readonly AllowListEntry[];
  readonly provider: ProviderChoice;
  readonly emulator: EmulatorChoice;
  /** A harness home of the self-test's own, so it never touches a running `harness up`. */
  readonly home: string;
  readonly runId: string;
  /** The real docker-compose.yml: only read, and copied. */
  readonly composeFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly say?: (line: string) => void;
}

/** A finding as the self-test compares it with the clean run's: what differs, not when. */
const findingKey = (item: EvaluatedFinding) => JSON.stringify([item.code, item.subject, item.compose, item.aws]);

/**
 * Seeds each defect, alone, into a temporary copy of the deployed template or of docker-compose.yml,
 * deploys the copy, gathers the facts the gate reads, and runs only the defect's check. Defects of
 * static checks share one set of backing servers and one emulator; a defect of a check that needs
 * running services gets both profiles brought up from its seeded deploy. A defect is caught when its
 * check reports a finding with the expected code that is neither accepted by the allow-list nor
 * already present on the clean deploy. A defect whose check is not registered waits; it is not run.
 */
export async function runSelfTest<C>(options: SelfTestOptions<C>): Promise<SelfTestResult> {
  const began = performance.now();
  const say = options.say ?? (() => {});
  const families = new Map(options.checks.map((check) => [check.id, check.family]));
  const waiting: DefectOutcome[] = [];
  const staticDefects: MigrationDefect[] = [];
  const launchedDefects: MigrationDefect[] = [];
  for (const defect of options.defects) {
    if (!families.has(defect.check)) {
      waiting.push({ defect, status: 'waiting', detail: `check ${defect.check} is not registered`, durationMs: 0 });
    } else if (defect.startFailure && families.get(defect.check) === 'static') {
      const detail = `a start failure needs running services; ${defect.check} is static`;
      waiting.push({ defect, status: 'error', detail, durationMs: 0 });
    } else if (!defect.startFailure && !(defect.expected in FINDING_CODES)) {
      waiting.push({ defect, status: 'error', detail: `${defect.expected} is not a finding code`, durationMs: 0 });
    } else if (families.get(defect.check) === 'static') staticDefects.push(defect);
    else launchedDefects.push(defect);
  }
  const outcomes = [...waiting];
  let setupMs = 0;
  if (staticDefects.length > 0) {
    const seeded = await runStaticDefects(staticDefects, options, say);
    outcomes.push(...seeded.outcomes);
    setupMs = seeded.setupMs;
  }
  for (const defect of launchedDefects) {
    say(`  ${defect.id}: bringing both profiles up from the seeded deploy...`);
    outcomes.push(await launchedOutcome(defect, options));
    say(`  ${defect.id}: ${outcomes.at(-1)!.status} (${(outcomes.at(-1)!.durationMs / 1000).toFixed(1)} s)`);
  }
  return { outcomes: order(options.defects, outcomes), setupMs, durationMs: performance.now() - began };
}

/** One defect of a running-stack check, on a stack of its own (see {@link runLaunchedDefect}). */
async function launchedOutcome<C>(defect: MigrationDefect, options: SelfTestOptions<C>): Promise<DefectOutcome> {
  const started = performance.now();
  mkdirSync(options.home, { recursive: true, mode: 0o755 });
  const home = mkdtempSync(join(options.home, `launched-${defect.id}-`));
  // The servers' own accounts (postgres, rabbitmq) must traverse it, as they traverse the harness home.
  chmodSync(home, 0o755);
  try {
    const result = await runLaunchedDefect(defect, {
      provider: options.provider,
      emulator: options.emulator,
      home,
      runId: `${options.runId}-${defect.id}`,
      composeText: readFileSync(options.composeFile, 'utf8'),
      composeFile: options.composeFile,
      env: options.env,
      check: async (facts, stack) =>
        (
          await runChecks(options.checks, options.contextFor(facts, stack.document, home), {
            only: [defect.check],
            allowList: options.allowList,
            secrets: facts.secrets,
          })
        ).checks.find((check) => check.id === defect.check)!,
    });
    if (defect.startFailure) {
      const found = result.findings.map((item) => `${item.code} ${item.subject}`).join(', ');
      const detail = `the stack came up${found === '' ? '' : `; ${defect.check} found ${found}`}`;
      return { defect, status: 'missed', detail, durationMs: performance.now() - started };
    }
    // No clean run to compare with: an unchanged checkout gives the gate no finding.
    return { defect, ...verdict(defect, result, new Set()), durationMs: performance.now() - started };
  } catch (error) {
    const failure = defect.startFailure && startFailureOf(error, defect.expected, defect.startFailure.cause);
    if (failure) {
      return {
        defect,
        status: 'caught',
        detail: failure,
        caughtBy: { code: defect.expected, subject: failure },
        durationMs: performance.now() - started,
      };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { defect, status: 'error', detail, durationMs: performance.now() - started };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The defects of static checks: one set of backing servers and one emulator for all of them, each
 * defect deployed over the last (or, with `freshEmulator`, into an emulator of its own).
 */
async function runStaticDefects<C>(
  runnable: readonly MigrationDefect[],
  options: SelfTestOptions<C>,
  say: (line: string) => void,
): Promise<{ outcomes: DefectOutcome[]; setupMs: number }> {
  mkdirSync(options.home, { recursive: true, mode: 0o755 });
  const workDir = mkdtempSync(join(options.home, 'seeded-'));
  let stack: StartedStack | undefined;
  try {
    say(`starting one set of backing servers and the emulator, and deploying the clean target...`);
    const setupStarted = performance.now();
    stack = await startStack({
      profile: 'aws',
      provider: options.provider,
      emulator: options.emulator,
      home: options.home,
      runId: options.runId,
      steps: [...backingServerSteps(), deployStep],
    });
    const emulator = stack.profile('aws').emulator;
    const deploy = stack.state.deploy;
    if (!emulator || !deploy) throw new Error('the self-test stack has no emulator or deploy');
    const material = stack.state.ca?.serverMaterial();
    const certificate = material ? { cert: material.cert, key: material.key, chain: material.ca } : undefined;
    const composeText = readFileSync(options.composeFile, 'utf8');
    const cleanCompose = join(workDir, 'docker-compose.yml');
    writeFileSync(cleanCompose, composeText);
    const gather = (deployRecordFile: string, composeFile: string, document = stack!.document) =>
      gatherParityFacts({ document, deployRecordFile, composeFile, env: options.env });
    const runOne = async (facts: ParityFacts, check: string, dir: string, document = stack!.document) =>
      (
        await runChecks(options.checks, options.contextFor(facts, document, dir), {
          only: [check],
          allowList: options.allowList,
          secrets: facts.secrets,
        })
      ).checks.find((result) => result.id === check)!;

    // What each check already reports on the clean deploy: a defect is caught only by something new.
    const cleanFacts = await gather(deploy.deployFile, cleanCompose);
    const clean = new Map<string, Set<string>>();
    for (const check of new Set(runnable.map((defect) => defect.check))) {
      const result = await runOne(cleanFacts, check, workDir);
      if (result.status === 'error')
        throw new Error(`check ${check} could not run on the clean deploy: ${result.error?.message}`);
      clean.set(check, new Set(result.findings.map(findingKey)));
    }
    const setupMs = performance.now() - setupStarted;
    say(`ready in ${(setupMs / 1000).toFixed(1)} s; seeding ${runnable.length} defect(s), one at a time`);

    let cleanTemplate: { key: string; template: CfnTemplate } | undefined;
    const seededTemplate = (defect: MigrationDefect) => (target: TemplateTarget) => {
      const key = JSON.stringify(target);
      if (cleanTemplate?.key !== key) {
        cleanTemplate = {
          key,
          template: synthesizeForEmulator(target, { contextOverrides: DEMO_USER_OVERRIDE }).template,
        };
      }
      const template = structuredClone(cleanTemplate.template);
      defect.apply({ template, compose: parseDocument(composeText, { merge: true }) });
      return template;
    };

    const outcomes: DefectOutcome[] = [];
    // Compose defects first: they reuse the clean deploy, which a seeded deploy replaces.
    const sorted = [...runnable].sort((a, b) => Number(a.target === 'template') - Number(b.target === 'template'));
    for (const defect of sorted) {
      const started = performance.now();
      const dir = join(workDir, defect.id);
      mkdirSync(dir);
      let own: StartedMotoEmulator | undefined;
      let document = stack.document;
      try {
        let deployRecordFile = deploy.deployFile;
        let composeFile = cleanCompose;
        if (defect.target === 'compose') {
          const compose = parseDocument(composeText, { merge: true });
          defect.apply({ template: { Resources: {} }, compose });
          composeFile = join(dir, 'docker-compose.yml');
          writeFileSync(composeFile, String(compose));
        } else {
          deployRecordFile = join(dir, 'deploy.json');
          if (defect.freshEmulator) {
            if (options.emulator !== 'moto') throw new Error(`${defect.id} needs a fresh moto emulator`);
            own = await new MotoEmulator().withRunDir(dir).start();
            document = withEmulator(stack.document, own.getEndpoint());
          }
          await deployStack({
            endpoint: (own ?? emulator).getEndpoint(),
            region: emulator.getRegion(),
            stackName: deploy.stackName,
            certificate,
            template: seededTemplate(defect),
            outputFile: deployRecordFile,
            log: logFor('self-test'),
          });
        }
        const result = await runOne(await gather(deployRecordFile, composeFile, document), defect.check, dir, document);
        outcomes.push({
          defect,
          ...verdict(defect, result, clean.get(defect.check)!),
          durationMs: performance.now() - started,
        });
      } catch (error) {
        outcomes.push({
          defect,
          status: 'error',
          detail: error instanceof Error ? error.message : String(error),
          durationMs: performance.now() - started,
        });
      } finally {
        await own?.stop();
      }
      const last = outcomes.at(-1)!;
      say(`  ${defect.id}: ${last.status} (${(last.durationMs / 1000).toFixed(1)} s)`);
    }
    return { outcomes, setupMs };
  } finally {
    await stack?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The stack document with the aws profile's emulator moved to `endpoint`. */
function withEmulator(document: StackDocument, endpoint: string): StackDocument {
  const aws = document.profiles.aws!;
  return { ...document, profiles: { ...document.profiles, aws: { ...aws, emulator: { ...aws.emulator!, endpoint } } } };
}

function verdict(
  defect: MigrationDefect,
  result: { status: string; findings: readonly EvaluatedFinding[]; error?: { message: string } },
  clean: ReadonlySet<string>,
): Pick<DefectOutcome, 'status' | 'detail' | 'caughtBy'> {
  if (result.status === 'error')
    return { status: 'error', detail: `the check could not run: ${result.error?.message}` };
  const fresh = result.findings.filter((item) => item.disposition !== 'accepted' && !clean.has(findingKey(item)));
  const hit = fresh.find((item) => item.code === defect.expected);
  if (hit) return { status: 'caught', detail: hit.subject, caughtBy: { code: hit.code, subject: hit.subject } };
  const instead = fresh.map((item) => `${item.code} ${item.subject}`).join(', ');
  return { status: 'missed', detail: instead === '' ? 'no new finding' : `found instead: ${instead}` };
}

/**
 * `<what did not start>: <the cause's line>` when `error`, or an error it was caused by, is a
 * harness error of `code` whose message (which carries the service's last log lines) matches `cause`.
 */
export function startFailureOf(error: unknown, code: string, cause: RegExp): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (!(current instanceof HarnessError) || current.code !== code) continue;
    const line = current.message.split('\n').find((candidate) => cause.test(candidate));
    if (line === undefined) continue;
    const what = /^(\S+) did not become ready/.exec(current.message)?.[1] ?? 'the stack';
    return `${what}: ${line.replace(/^\s*(error:\s*)?/, '')}`;
  }
  return undefined;
}

/** Outcomes in catalogue order, whatever order they ran in. */
function order(defects: readonly MigrationDefect[], outcomes: readonly DefectOutcome[]): DefectOutcome[] {
  const byId = new Map(outcomes.map((outcome) => [outcome.defect.id, outcome]));
  return defects.flatMap((defect) => byId.get(defect.id) ?? []);
}
