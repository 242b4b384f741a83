import type { CheckFamily } from './check.ts';
import type { Finding } from './finding.ts';

/**
 * How one check ended: `passed` (nothing, or only accepted findings), `warned` (warnings only),
 * `failed` (an error-severity finding not on the allow-list), `error` (it threw: could not run),
 * `skipped` (left out by `--only` / `--skip`).
 */
export type CheckStatus = 'passed' | 'warned' | 'failed' | 'error' | 'skipped';

/** What a finding means for the gate: it fails it, it is a warning, or the allow-list accepts it. */
export type FindingDisposition = 'failure' | 'warning' | 'accepted';

export interface EvaluatedFinding extends Finding {
  readonly disposition: FindingDisposition;
  /** The allow-list entry's reason, when accepted. */
  readonly acceptedReason?: string;
}

export interface CheckResult {
  readonly id: string;
  readonly family: CheckFamily;
  readonly title: string;
  readonly status: CheckStatus;
  readonly durationMs: number;
  readonly findings: readonly EvaluatedFinding[];
  /** Why the check could not run (status `error`), secrets masked. */
  readonly error?: { readonly message: string; readonly code?: string };
}

export interface ParityResult {
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** In run order: family order, then registration order. */
  readonly checks: readonly CheckResult[];
}

export interface ParitySummary {
  readonly checks: Readonly<Record<CheckStatus, number>> & { readonly total: number };
  readonly findings: Readonly<Record<FindingDisposition, number>> & { readonly total: number };
}

export function summarizeParity(checks: readonly CheckResult[]): ParitySummary {
  const statuses = { passed: 0, warned: 0, failed: 0, error: 0, skipped: 0 };
  const dispositions = { failure: 0, warning: 0, accepted: 0 };
  for (const check of checks) {
    statuses[check.status] += 1;
    for (const item of check.findings) dispositions[item.disposition] += 1;
  }
  return {
    checks: { ...statuses, total: checks.length },
    findings: { ...dispositions, total: dispositions.failure + dispositions.warning + dispositions.accepted },
  };
}

/** The gate's exit codes. */
export const PARITY_EXIT = { holds: 0, findings: 1, couldNotRun: 2 } as const;

export type ParityExitCode = (typeof PARITY_EXIT)[keyof typeof PARITY_EXIT];

/**
 * 2 when any check could not run: the result is incomplete, so it cannot say that parity holds, and
 * an unrunnable gate is a different fix (the harness or the environment) than a migration defect.
 * Else 1 when any error-severity finding is not accepted. Else 0: warnings and accepted findings
 * are reported but do not fail the gate.
 */
export function parityExitCode(checks: readonly CheckResult[]): ParityExitCode {
  if (checks.some((check) => check.status === 'error')) return PARITY_EXIT.couldNotRun;
  if (checks.some((check) => check.status === 'failed')) return PARITY_EXIT.findings;
  return PARITY_EXIT.holds;
}
