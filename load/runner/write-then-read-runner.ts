import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { addDays, entriesFirstDate, entryOf, type WriteThenReadScenario } from '../scenarios.ts';
import { ArrivalClock } from './arrival-clock.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import type { LoadTarget } from './open-model-runner.ts';

/** What a killed run does to consolidated: kill it as a crashed task, and start it again (resolves once ready). */
export interface ConsolidatedControl {
  kill(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A fault injected mid-run: `inject()` at `atSecond` into the run, `recover()` `downSeconds` after
 * the injection resolved. `recover()` resolves once the faulty part is back (a service ready, a
 * server accepting connections).
 */
export interface RunFault {
  readonly atSecond: number;
  readonly downSeconds: number;
  inject(): Promise<void>;
  recover(): Promise<void>;
}

/** An entry answered 201, as a ledger check needs it. */
export interface AcknowledgedEntry {
  readonly idempotencyKey: string;
  /** The id of the 201 body. */
  readonly id: string;
  readonly type: 'credit';
  readonly amountCents: number;
  readonly date: string;
  /** When its 201 arrived, in ms from the run's start. */
  readonly atMs: number;
}

/** The outage of a run with a fault, in ms from the run's start. */
export interface OutageResult {
  readonly injectedAtMs: number;
  /** When the fault's recovery resolved (consolidated answering its readiness again, a server back). */
  readonly recoveredAtMs: number;
  /**
   * From the recovery to the last entry accepted before then being visible: how long it took to
   * work off the backlog the outage left (to within a read's backoff, 250 ms at most). 0 when
   * nothing was waiting, or when the run follows no entry (`readRate`).
   */
  readonly catchUpMs: number;
  /** Entries accepted (201) between the injection and the recovery. */
  readonly writtenWhileDown: number;
}

export interface WriteThenReadRun {
  readonly scenario: WriteThenReadScenario;
  readonly baseUrl: string;
  readonly firstDate: string;
  readonly durationMs: number;
  readonly scheduled: number;
  readonly sent: number;
  readonly dropped: number;
  /** Entries answered 201. */
  readonly written: number;
  readonly writeFailed: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly writeLatency: LatencyRecorder;
  /** From each entry's 201 to the first balance read that shows it. */
  readonly lag: LatencyRecorder;
  /** Entries answered 201 that no read showed within the settle time (0 when the run follows no entry: `readRate`). */
  readonly lost: number;
  /** Every entry answered 201, in the order the answers came. */
  readonly acknowledged: readonly AcknowledgedEntry[];
  /** Idempotency keys of the writes not answered 201 (an error, a timeout, another status): their outcome is unknown. */
  readonly unacknowledgedKeys: readonly string[];
  readonly reads: number;
  readonly readsFailed: number;
  readonly readLatency: LatencyRecorder;
  readonly outage?: OutageResult;
  readonly maxSendLagMs: number;
  readonly eventLoopDelay: { readonly p99Ms: number; readonly maxMs: number };
}

export interface WriteThenReadOptions {
  /** Needed by scenarios with `kill`. */
  readonly consolidated?: ConsolidatedControl;
  /** Any other fault to inject mid-run (instead of the scenario's `kill`). */
  readonly fault?: RunFault;
  /** Called at each 201, as it arrives (a fault's catch-up watches the entries written before its recovery). */
  readonly onAcknowledged?: (entry: AcknowledgedEntry) => void;
  readonly onProgress?: (progress: { second: number; written: number; visible: number; pending: number }) => void;
  /** One request's limit; its expiry counts as a failure. @default 10000 */
  readonly requestTimeoutMs?: number;
  /** The first day of the entries. @default a random day of 2100-2899 */
  readonly firstDate?: string;
}

/** Reads in flight at once at most: a backlog of pending entries queues for these rather than flooding the gateway. */
const READ_CONNECTIONS = 32;
/** Longest wait between two reads of a pending entry whose reads fail (consolidated down). */
const MAX_FAILED_READ_BACKOFF_MS = 250;

/**
 * Runs a write-then-read scenario: entries at a constant arrival rate (open model, as the read
 * runner), each followed by reads of its day's balance every `pollIntervalMs` until the balance
 * shows it. Every wait is bounded: an entry's reads stop `settleSeconds` after the last arrival.
 */
export async function runWriteThenRead(
  scenario: WriteThenReadScenario,
  target: LoadTarget,
  options: WriteThenReadOptions = {},
): Promise<WriteThenReadRun> {
  if (scenario.kill !== undefined && options.consolidated === undefined && options.fault === undefined) {
    throw new Error(`${scenario.name} kills consolidated mid-run: it needs a stack the runner owns (--own-stack)`);
  }
  const fault = options.fault ?? consolidatedKill(scenario, options.consolidated);
  const origin = new URL(target.baseUrl);
  const basePath = origin.pathname.replace(/\/$/, '');
  const writes = new Pool(origin.origin, { connections: scenario.maxVUs, pipelining: 1, keepAliveTimeout: 30_000 });
  const reads = new Pool(origin.origin, { connections: READ_CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000 });
  const auth: Record<string, string> = target.token ? { authorization: `Bearer ${target.token}` } : {};
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const firstDate = options.firstDate ?? entriesFirstDate(Math.random());
  const runTag = randomUUID();
  const writeLatency = new LatencyRecorder();
  const readLatency = new LatencyRecorder();
  const lag = new LatencyRecorder();
  const byStatus: Record<string, number> = {};
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const now = () => performance.now() - started;
  const settleDeadline = (scenario.durationSeconds + scenario.settleSeconds) * 1000;
  const clock = new ArrivalClock(scenario.maxVUs);
  let written = 0;
  let writeFailed = 0;
  let visible = 0;
  let lost = 0;
  let readCount = 0;
  let readsFailed = 0;
  /** When each accepted entry got its 201 and when it was first seen, in ms from the start. */
  const accepted: { at: number; seenAt?: number }[] = [];
  const acknowledged: AcknowledgedEntry[] = [];
  const unacknowledgedKeys: string[] = [];
  const readRate = scenario.readRate;
  const days = scenario.entryDays;

  const isVisible = async (date: string, amountCents: number): Promise<boolean> => {
    const begin = performance.now();
    readCount++;
    try {
      const response = await reads.request({
        path: `${basePath}/api/consolidated/balances/${date}`,
        method: 'GET',
        headers: auth,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = (await response.body.json().catch(() => ({}))) as { credits?: string; entries?: number };
      readLatency.record(performance.now() - begin);
      if (response.statusCode !== 200) {
        readsFailed++;
        return false;
      }
      return (body.entries ?? 0) >= 1 && Math.round(Number(body.credits ?? '0') * 100) >= amountCents;
    } catch {
      readsFailed++;
      readLatency.record(performance.now() - begin);
      return false;
    }
  };

  const readUntilVisible = async (date: string, amountCents: number, record: { at: number; seenAt?: number }) => {
    let backoffMs = scenario.pollIntervalMs;
    while (now() < settleDeadline) {
      const readsBefore = readsFailed;
      if (await isVisible(date, amountCents)) {
        record.seenAt = now();
        lag.record(record.seenAt - record.at);
        visible++;
        return;
      }
      // A failing read (consolidated down) waits longer each time, so a backlog does not flood the gateway.
      backoffMs =
        readsFailed > readsBefore ? Math.min(backoffMs * 2, MAX_FAILED_READ_BACKOFF_MS) : scenario.pollIntervalMs;
      await sleep(backoffMs);
    }
    lost++;
  };

  const write = async (i: number): Promise<void> => {
    const entry = entryOf(firstDate, i, days);
    const idempotencyKey = `${runTag}-${i}`;
    const begin = performance.now();
    let status: string;
    let id: string | undefined;
    try {
      const response = await writes.request({
        path: `${basePath}/api/cashflow/entries`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(entry),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = (await response.body.json().catch(() => ({}))) as { id?: unknown };
      id = typeof body.id === 'string' ? body.id : undefined;
      status = String(response.statusCode);
    } catch {
      status = 'error';
    }
    writeLatency.record(performance.now() - begin);
    clock.release();
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (status !== '201' || id === undefined) {
      writeFailed++;
      unacknowledgedKeys.push(idempotencyKey);
      return;
    }
    written++;
    const record: { at: number; seenAt?: number } = { at: now() };
    accepted.push(record);
    const acknowledgement: AcknowledgedEntry = {
      idempotencyKey,
      id,
      type: entry.type,
      amountCents: entry.amount,
      date: entry.date,
      atMs: record.at,
    };
    acknowledged.push(acknowledgement);
    options.onAcknowledged?.(acknowledgement);
    if (readRate === undefined) await readUntilVisible(entry.date, entry.amount, record);
  };

  // With `readRate`, balances of the run's days are read at that constant rate instead (the read load).
  const readClock = new ArrivalClock(READ_CONNECTIONS);
  const readDays = days ?? Math.max(1, Math.floor(scenario.durationSeconds * scenario.writeRate));
  const readOne = async (i: number): Promise<void> => {
    await isVisible(addDays(firstDate, i % readDays), 0);
    readClock.release();
  };

  let outage: { injectedAtMs: number; recoveredAtMs?: number } | undefined;
  const injecting =
    fault === undefined
      ? Promise.resolve()
      : (async () => {
          await sleep(fault.atSecond * 1000);
          outage = { injectedAtMs: now() };
          await fault.inject();
          await sleep(fault.downSeconds * 1000);
          await fault.recover();
          outage.recoveredAtMs = now();
        })();

  const reading =
    readRate === undefined
      ? Promise.resolve()
      : readClock.run({
          elapsedSeconds: () => now() / 1000,
          dueBy: (elapsed) => Math.floor(Math.min(elapsed, scenario.durationSeconds) * readRate),
          ended: (elapsed) => elapsed >= scenario.durationSeconds,
          send: (index) => readOne(index),
        });
  await clock.run({
    elapsedSeconds: () => now() / 1000,
    dueBy: (elapsed) => Math.floor(Math.min(elapsed, scenario.durationSeconds) * scenario.writeRate),
    ended: (elapsed) => elapsed >= scenario.durationSeconds,
    send: (index) => write(index),
    onSecond: (second) => options.onProgress?.({ second, written, visible, pending: written - visible - lost }),
  });
  const progress = setInterval(
    () =>
      options.onProgress?.({ second: Math.floor(now() / 1000), written, visible, pending: written - visible - lost }),
    1_000,
  );
  try {
    await injecting;
    await reading;
    await Promise.all([...clock.work, ...readClock.work]);
  } finally {
    clearInterval(progress);
    loop.disable();
    await Promise.all([writes.close(), reads.close()]);
  }
  return {
    scenario,
    baseUrl: target.baseUrl,
    firstDate,
    durationMs: now(),
    scheduled: clock.scheduled,
    sent: clock.sent,
    dropped: clock.dropped,
    written,
    writeFailed,
    byStatus,
    writeLatency,
    lag,
    lost,
    acknowledged,
    unacknowledgedKeys,
    reads: readCount,
    readsFailed,
    readLatency,
    ...(outage?.recoveredAtMs === undefined
      ? {}
      : { outage: outageResult(outage.injectedAtMs, outage.recoveredAtMs, accepted) }),
    maxSendLagMs: clock.maxSendLagMs,
    eventLoopDelay: { p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6 },
  };
}

/** The scenario's `kill` of consolidated as a fault. */
function consolidatedKill(
  scenario: WriteThenReadScenario,
  control: ConsolidatedControl | undefined,
): RunFault | undefined {
  if (scenario.kill === undefined || control === undefined) return undefined;
  return { ...scenario.kill, inject: () => control.kill(), recover: () => control.start() };
}

function outageResult(
  injectedAtMs: number,
  recoveredAtMs: number,
  accepted: readonly { at: number; seenAt?: number }[],
): OutageResult {
  const backlog = accepted.filter((entry) => entry.at < recoveredAtMs);
  // An entry of the backlog never seen is lost, which the run reports on its own; it does not end the catch-up.
  const lastSeen = backlog.reduce((last, entry) => Math.max(last, entry.seenAt ?? last), recoveredAtMs);
  return {
    injectedAtMs,
    recoveredAtMs,
    catchUpMs: lastSeen - recoveredAtMs,
    writtenWhileDown: accepted.filter((entry) => entry.at >= injectedAtMs && entry.at < recoveredAtMs).length,
  };
}
