import { performance } from 'node:perf_hooks';
import { HarnessError } from '../core/harness-error.ts';
import { findAllowance, validateAllowList, type AllowListEntry } from './allow-list-entry.ts';
import { CHECK_FAMILIES, type ParityCheck } from './check.ts';
import { maskFinding, maskSecrets, type Finding } from './finding.ts';
import type { CheckResult, CheckStatus, EvaluatedFinding, ParityResult } from './parity-result.ts';

/** Progress of one check, for terminal lines: `start` before it runs, `finish` with its result. */
export type CheckProgress =
  | { readonly phase: 'start'; readonly check: ParityCheck<never> }
  | { readonly phase: 'finish'; readonly result: CheckResult };

export interface RunChecksOptions {
  /** Run only these check ids (`--only`). */
  readonly only?: readonly string[];
  /** Leave these check ids out (`--skip`); applied after `only`. */
  readonly skip?: readonly string[];
  /** Accepted differences; default none (the CLI passes `PARITY_ALLOW_LIST`). */
  readonly allowList?: readonly AllowListEntry[];
  /** Every secret value known to the caller (both profiles); no finding or error message carries one. */
  readonly secrets?: readonly string[];
  readonly onProgress?: (progress: CheckProgress) => void;
}

function requireKnownIds(option: string, ids: readonly string[] | undefined, known: ReadonlySet<string>): void {
  const unknown = (ids ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new HarnessError(
      'CHECK_UNKNOWN',
      `${option} names unknown check(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`,
    );
  }
}

/** The checks in run order (family order, then as given), each marked whether it runs. */
function plan<C>(checks: readonly ParityCheck<C>[], options: RunChecksOptions) {
  const known = new Set<string>();
  for (const check of checks) {
    if (known.has(check.id)) throw new HarnessError('CHECK_DUPLICATE', `two checks have the id ${check.id}`);
    known.add(check.id);
  }
  requireKnownIds('--only', options.only, known);
  requireKnownIds('--skip', options.skip, known);
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  const skip = new Set(options.skip ?? []);
  return [...checks]
    .sort((a, b) => CHECK_FAMILIES.indexOf(a.family) - CHECK_FAMILIES.indexOf(b.family))
    .map((check) => ({ check, selected: (only?.has(check.id) ?? true) && !skip.has(check.id) }));
}

function evaluate(item: Finding, allowList: readonly AllowListEntry[]): EvaluatedFinding {
  const allowance = findAllowance(item, allowList);
  if (allowance) return { ...item, disposition: 'accepted', acceptedReason: allowance.reason };
  return { ...item, disposition: item.severity === 'error' ? 'failure' : 'warning' };
}

function statusOf(findings: readonly EvaluatedFinding[]): CheckStatus {
  if (findings.some((item) => item.disposition === 'failure')) return 'failed';
  if (findings.some((item) => item.disposition === 'warning')) return 'warned';
  return 'passed';
}

async function runOne<C>(check: ParityCheck<C>, context: C, options: RunChecksOptions): Promise<CheckResult> {
  const secrets = options.secrets ?? [];
  const started = performance.now();
  const base = { id: check.id, family: check.family, title: check.title };
  try {
    const raw = await check.run(context);
    const findings = raw.map((item) =>
      evaluate(maskFinding({ ...item, check: check.id }, secrets), options.allowList ?? []),
    );
    return { ...base, status: statusOf(findings), durationMs: performance.now() - started, findings };
  } catch (error) {
    const message = maskSecrets(error instanceof Error ? error.message : String(error), secrets);
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    return {
      ...base,
      status: 'error',
      durationMs: performance.now() - started,
      findings: [],
      error: { message, ...(code === undefined ? {} : { code }) },
    };
  }
}

/**
 * Runs the checks one after another in family order (they share one running stack, and traffic
 * checks would skew each other's timings), times each, and applies the allow-list. A check that
 * throws becomes a result with status `error` instead of ending the run, so one broken check does
 * not hide what the others found. Throws (`CHECK_UNKNOWN`, `CHECK_DUPLICATE`, `ALLOW_LIST_INVALID`)
 * only when its own inputs are wrong, before any check runs.
 */
export async function runChecks<C>(
  checks: readonly ParityCheck<C>[],
  context: C,
  options: RunChecksOptions = {},
): Promise<ParityResult> {
  validateAllowList(options.allowList ?? []);
  const planned = plan(checks, options);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const results: CheckResult[] = [];
  for (const { check, selected } of planned) {
    if (!selected) {
      results.push({
        id: check.id,
        family: check.family,
        title: check.title,
        status: 'skipped',
        durationMs: 0,
        findings: [],
      });
      continue;
    }
    options.onProgress?.({ phase: 'start', check });
    const result = await runOne(check, context, options);
    results.push(result);
    options.onProgress?.({ phase: 'finish', result });
  }
  return { startedAt, durationMs: performance.now() - started, checks: results };
}
