import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../harness/index.ts';

/** Where each fault run writes its result, and where the doc's renderer reads them. */
export const RELIABILITY_DIR = join(REPO_ROOT, 'reports', 'reliability');

/** One fault on one profile, as `reports/reliability/<fault>-<profile>.json` holds it. */
export interface FaultReport {
  /** Stable id, e.g. `consolidated-kill`. */
  readonly fault: string;
  /** What was done, for the doc's table, e.g. `consolidated SIGKILLed for 30 s`. */
  readonly title: string;
  readonly profile: 'compose' | 'aws';
  readonly load: { readonly entriesPerSecond: number; readonly readsPerSecond: number; readonly seconds: number };
  /** Distinct entries answered 201. */
  readonly entriesAcknowledged: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Share of the write arrivals answered 2xx (dropped arrivals count as unanswered). */
  readonly availability: number;
  /** From the fault's recovery to every entry acknowledged before it applied in consolidated, ms. */
  readonly recoveryMs: number | null;
  /** Share of writes not answered 2xx, and of balance reads not answered 200. */
  readonly errorRate: { readonly writes: number; readonly reads: number };
  readonly notes: readonly string[];
  readonly details: {
    readonly writeStatuses: Readonly<Record<string, number>>;
    readonly reads: number;
    readonly readsFailed: number;
    readonly writtenWhileDown: number;
    readonly unacknowledgedCommitted: number;
    readonly mismatchedDays: number;
    readonly faultAtMs: number | null;
    readonly recoveredAtMs: number | null;
  };
  readonly finishedAt: string;
  /** The machine's 1-minute load average when the run ended. */
  readonly loadAverage: number;
}

/** Writes the report file; returns its path. */
export function writeFaultReport(report: FaultReport): string {
  mkdirSync(RELIABILITY_DIR, { recursive: true });
  const file = join(RELIABILITY_DIR, `${report.fault}-${report.profile}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** The 1-minute load average, rounded for a report. */
export function currentLoadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}
