import { setTimeout as sleep } from 'node:timers/promises';
import type { StartedStack } from '../../../harness/index.ts';
import { loadTargetFromDocument } from '../../../load/runner/load-target.ts';
import {
  runWriteThenRead,
  type AcknowledgedEntry,
  type WriteThenReadRun,
} from '../../../load/runner/write-then-read-runner.ts';
import { addDays, writeThenReadUnderFault, type WriteThenReadScenario } from '../../../load/scenarios.ts';
import { currentLoadAverage, writeFaultReport, type FaultReport } from './fault-report.ts';
import {
  appliedCount,
  checkLedger,
  entryIdsOn,
  messageIdsOf,
  type LedgerDatabases,
  type LedgerResult,
} from './ledger-check.ts';

/** One fault as the suite injects it under load. */
export interface FaultCase {
  /** Stable id: the report's file name. */
  readonly fault: string;
  /** What is done, for the doc's table. */
  readonly title: string;
  readonly atSecond: number;
  readonly downSeconds: number;
  inject(): Promise<void>;
  /** Resolves once the faulty part is back. */
  recover(): Promise<void>;
  /**
   * Work of its own while the fault holds (started half-way through it); the entries it was
   * answered 201 for join the ledger.
   */
  duringFault?(): Promise<AcknowledgedEntry[]>;
  readonly notes?: readonly string[];
}

/** What a fault run hands back to its test. */
export interface FaultRun {
  readonly report: FaultReport;
  readonly ledger: LedgerResult;
  readonly run: WriteThenReadRun;
  /** Entries acknowledged by the fault's own work (`duringFault`). */
  readonly extra: readonly AcknowledgedEntry[];
  /** Whether every acknowledged entry was applied before the settle deadline. */
  readonly settled: boolean;
}

/** Load after the recovery, so the run also shows the system working again. */
const SECONDS_AFTER_RECOVERY = 20;
/** Longest wait for consolidated to apply everything, after the load ended. */
const SETTLE_TIMEOUT_MS = 180_000;
const POLL_MS = 250;

/** The databases of a profile's ledger, from the harness's handle of its PostgreSQL. */
function ledgerDatabases(stack: StartedStack, profile: 'compose' | 'aws'): LedgerDatabases {
  const { postgres } = stack.profile(profile);
  return {
    cashflowUri: postgres.getDatabaseUri('cashflow_db'),
    consolidatedUri: postgres.getDatabaseUri('consolidated_db'),
  };
}

/**
 * Runs `writeThenReadUnderFault` against the profile's gateway with `fault` injected, waits until
 * consolidated has applied every entry (bounded), checks the ledger in the profile's PostgreSQL
 * and writes the report (also when the ledger is wrong: the test asserts on it afterwards).
 */
export async function runFaultUnderLoad(
  stack: StartedStack,
  profile: 'compose' | 'aws',
  fault: FaultCase,
  firstDate: string,
  onProgress?: (line: string) => void,
): Promise<FaultRun> {
  const scenario: WriteThenReadScenario = {
    ...writeThenReadUnderFault,
    durationSeconds: fault.atSecond + fault.downSeconds + SECONDS_AFTER_RECOVERY,
  };
  const days = Array.from({ length: scenario.entryDays ?? 1 }, (_, i) => addDays(firstDate, i));
  const databases = ledgerDatabases(stack, profile);
  const target = await loadTargetFromDocument(stack.document, profile);
  const acknowledgedSoFar: AcknowledgedEntry[] = [];
  let catchUp: Promise<number | null> = Promise.resolve(null);
  let during: Promise<AcknowledgedEntry[]> = Promise.resolve([]);

  const run = await runWriteThenRead(scenario, target, {
    firstDate,
    onAcknowledged: (entry) => acknowledgedSoFar.push(entry),
    onProgress: ({ second, written }) => onProgress?.(`${profile} ${fault.fault} ${second}s written=${written}`),
    fault: {
      atSecond: fault.atSecond,
      downSeconds: fault.downSeconds,
      inject: async () => {
        await fault.inject();
        if (fault.duringFault !== undefined) {
          const work = fault.duringFault.bind(fault);
          during = sleep((fault.downSeconds * 1000) / 2).then(work);
        }
      },
      recover: async () => {
        await fault.recover();
        catchUp = timeUntilApplied(
          databases,
          [...acknowledgedSoFar].map((entry) => entry.id),
        );
      },
    },
  });
  // One deadline for the catch-up (started at the recovery) and the settle wait, from the load's end.
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  const extra = await during;
  const recoveryMs = await catchUp;
  const settled = await waitUntilAllApplied(databases, days, deadline);
  const acknowledged = [...run.acknowledged, ...extra];
  const ledger = await checkLedger(databases, acknowledged, days);
  const report: FaultReport = {
    fault: fault.fault,
    title: fault.title,
    profile,
    load: {
      entriesPerSecond: scenario.writeRate,
      readsPerSecond: scenario.readRate ?? 0,
      seconds: scenario.durationSeconds,
    },
    entriesAcknowledged: ledger.acknowledged,
    lost: ledger.lost,
    duplicated: ledger.duplicated,
    availability: run.scheduled === 0 ? 0 : run.written / run.scheduled,
    recoveryMs,
    errorRate: {
      writes: run.scheduled === 0 ? 0 : (run.scheduled - run.written) / run.scheduled,
      reads: run.reads === 0 ? 0 : run.readsFailed / run.reads,
    },
    notes: [
      ...(fault.notes ?? []),
      ...(settled ? [] : [`consolidated had not applied every entry ${SETTLE_TIMEOUT_MS / 1000} s after the load`]),
      ...(ledger.unacknowledgedCommitted > 0
        ? [
            `${ledger.unacknowledgedCommitted} entries committed whose answer was not a 201 (counted once, as they must be)`,
          ]
        : []),
    ],
    details: {
      writeStatuses: { ...run.byStatus, ...(run.dropped > 0 ? { dropped: run.dropped } : {}) },
      reads: run.reads,
      readsFailed: run.readsFailed,
      writtenWhileDown: run.outage?.writtenWhileDown ?? 0,
      unacknowledgedCommitted: ledger.unacknowledgedCommitted,
      mismatchedDays: ledger.mismatchedDays.length,
      faultAtMs: run.outage === undefined ? null : Math.round(run.outage.injectedAtMs),
      recoveredAtMs: run.outage === undefined ? null : Math.round(run.outage.recoveredAtMs),
    },
    finishedAt: new Date().toISOString(),
    loadAverage: currentLoadAverage(),
  };
  writeFaultReport(report);
  return { report, ledger, run, extra, settled };
}

/**
 * From now until consolidated has applied the messages of `entryIds` (the entries acknowledged
 * before the recovery): the catch-up. Null when that did not happen within the settle deadline.
 */
async function timeUntilApplied(databases: LedgerDatabases, entryIds: readonly string[]): Promise<number | null> {
  const start = performance.now();
  let messageIds: string[] | undefined;
  while (performance.now() - start < SETTLE_TIMEOUT_MS) {
    try {
      messageIds ??= await messageIdsOf(databases, entryIds);
      if ((await appliedCount(databases, messageIds)) >= messageIds.length)
        return Math.round(performance.now() - start);
    } catch {
      // The server may still be coming back (a PostgreSQL restart): try again at the next poll.
    }
    await sleep(POLL_MS);
  }
  return null;
}

/** Waits until every entry stored on the run's days is applied; false at `deadline` (a `performance.now()` time). */
async function waitUntilAllApplied(
  databases: LedgerDatabases,
  days: readonly string[],
  deadline: number,
): Promise<boolean> {
  const entryIds = await entryIdsOn(databases, days);
  const messageIds = await messageIdsOf(databases, entryIds);
  while (performance.now() < deadline) {
    if ((await appliedCount(databases, messageIds)) >= messageIds.length) return true;
    await sleep(POLL_MS);
  }
  return false;
}
