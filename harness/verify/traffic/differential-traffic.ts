import { randomInt } from 'node:crypto';
import { normalizeTranscript } from './normalize-answers.ts';
import { referenceLedger } from './reference-ledger.ts';
import { addDays, buildRequestScript, type RequestScriptOptions } from './request-script.ts';
import { compareProfiles, learnNoise } from './response-diff.ts';
import { runRequestScript, type RunScriptOptions, type ScriptTarget, type Transcript } from './run-request-script.ts';
import { driftFindings, ledgerFindings, serverErrorFindings, type TrafficFinding } from './traffic-findings.ts';

export interface DifferentialTrafficOptions {
  readonly compose: ScriptTarget;
  readonly aws: ScriptTarget;
  readonly script?: Omit<RequestScriptOptions, 'baseDate' | 'runTag'>;
  readonly run?: RunScriptOptions;
  readonly onProgress?: (message: string) => void;
}

export interface DifferentialTrafficResult {
  readonly findings: TrafficFinding[];
  /** How many `<request><pointer>` places were learned as noise. */
  readonly noise: number;
  readonly requestsPerRun: number;
  readonly runs: readonly { profile: string; baseDate: string; durationMs: number; consolidationMs?: number }[];
}

/** Windows of 40 days apart from 2100 on: far from any date a person registers by hand. */
function windowStart(nonce: number, index: number): string {
  return addDays('2100-01-01', (nonce * 3 + index) * 40);
}

/**
 * The differential traffic check: the seeded script against the compose gateway twice (two
 * windows, to learn the noise) and against the aws gateway once, all three at once. Answers are
 * normalized and compared; each profile's balances are checked against the gate's own reference.
 */
export async function runDifferentialTraffic(options: DifferentialTrafficOptions): Promise<DifferentialTrafficResult> {
  // A run on a stack that already has a run's entries (`verify --against`) must not meet them.
  const nonce = randomInt(0, 2_000);
  const tag = (name: string) => `${name}${nonce}`;
  const scripts = {
    compose: buildRequestScript({ ...options.script, baseDate: windowStart(nonce, 0), runTag: tag('c') }),
    composeAgain: buildRequestScript({ ...options.script, baseDate: windowStart(nonce, 1), runTag: tag('n') }),
    aws: buildRequestScript({ ...options.script, baseDate: windowStart(nonce, 0), runTag: tag('a') }),
  };
  const progress = (label: string) => (phase: string, requests: number) =>
    options.onProgress?.(`${label}: ${phase} (${requests} requests)`);
  const [compose, composeAgain, aws] = await Promise.all([
    runRequestScript(scripts.compose, options.compose, { ...options.run, onPhase: progress('compose') }),
    runRequestScript(scripts.composeAgain, options.compose, {
      ...options.run,
      onPhase: progress('compose, noise run'),
    }),
    runRequestScript(scripts.aws, options.aws, { ...options.run, onPhase: progress('aws') }),
  ]);
  const composeAnswers = normalizeTranscript(compose);
  const noise = learnNoise(composeAnswers, normalizeTranscript(composeAgain));
  const drifts = compareProfiles(composeAnswers, normalizeTranscript(aws), noise);
  const findings = [
    ...serverErrorFindings('compose', compose),
    ...serverErrorFindings('aws', aws),
    ...driftFindings(drifts),
    ...ledgerFindings('compose', compose, referenceLedger(scripts.compose)),
    ...ledgerFindings('aws', aws, referenceLedger(scripts.aws)),
  ];
  const summary = (profile: string, transcript: Transcript) => ({
    profile,
    baseDate: transcript.baseDate,
    durationMs: Math.round(transcript.durationMs),
    ...(transcript.consolidation ? { consolidationMs: Math.round(transcript.consolidation.waitedMs) } : {}),
  });
  return {
    findings,
    noise: noise.size,
    requestsPerRun: scripts.compose.phases.reduce((n, phase) => n + phase.requests.length, 0),
    runs: [summary('compose', compose), summary('compose (noise)', composeAgain), summary('aws', aws)],
  };
}
