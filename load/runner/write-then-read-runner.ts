import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { entriesFirstDate, entryOf, type WriteThenReadScenario } from '../scenarios.ts';
import { ArrivalClock } from './arrival-clock.ts';
import { LatencyRecorder } from './latency-recorder.ts';
import type { LoadTarget } from './open-model-runner.ts';

/** What a killed run does to consolidated: kill it as a crashed task, and start it again (resolves once ready). */
export interface ConsolidatedControl {
  kill(): Promise<void>;
  start(): Promise<void>;
}

/** The outage of a killed run, in ms from the run's start. */
export interface OutageResult {
  readonly killedAtMs: number;
  /** When consolidated answered its readiness again. */
  readonly readyAgainAtMs: number;
  /**
   * From consolidated being ready again to the last entry accepted before then being visible:
   * how long it took to work off the backlog the outage left (to within a read's backoff, 250 ms at
   * most). 0 when nothing was waiting.
   */
  readonly catchUpMs: number;
  /** Entries accepted (201) while consolidated was down. */
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
  /** Entries answered 201 that no read showed within the settle time. */
  readonly lost: number;
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
  if (scenario.kill !== undefined && options.consolidated === undefined) {
    throw new Error(`${scenario.name} kills consolidated mid-run: it needs a stack the runner owns (--own-stack)`);
  }
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
    const entry = entryOf(firstDate, i);
    const begin = performance.now();
    let status: string;
    try {
      const response = await writes.request({
        path: `${basePath}/api/cashflow/entries`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `${runTag}-${i}` },
        body: JSON.stringify(entry),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      status = String(response.statusCode);
    } catch {
      status = 'error';
    }
    writeLatency.record(performance.now() - begin);
    clock.release();
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (status !== '201') {
      writeFailed++;
      return;
    }
    written++;
    const record: { at: number; seenAt?: number } = { at: now() };
    accepted.push(record);
    await readUntilVisible(entry.date, entry.amount, record);
  };

  let outage: { killedAtMs: number; readyAgainAtMs?: number } | undefined;
  const killing =
    scenario.kill === undefined || options.consolidated === undefined
      ? Promise.resolve()
      : (async (kill, control) => {
          await sleep(kill.atSecond * 1000);
          outage = { killedAtMs: now() };
          await control.kill();
          await sleep(kill.downSeconds * 1000);
          await control.start();
          outage.readyAgainAtMs = now();
        })(scenario.kill, options.consolidated);

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
    await killing;
    await Promise.all(clock.work);
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
    reads: readCount,
    readsFailed,
    readLatency,
    ...(outage?.readyAgainAtMs === undefined
      ? {}
      : { outage: outageResult(outage.killedAtMs, outage.readyAgainAtMs, accepted) }),
    maxSendLagMs: clock.maxSendLagMs,
    eventLoopDelay: { p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6 },
  };
}

function outageResult(
  killedAtMs: number,
  readyAgainAtMs: number,
  accepted: readonly { at: number; seenAt?: number }[],
): OutageResult {
  const backlog = accepted.filter((entry) => entry.at < readyAgainAtMs);
  // An entry of the backlog never seen is lost, which the run reports on its own; it does not end the catch-up.
  const lastSeen = backlog.reduce((last, entry) => Math.max(last, entry.seenAt ?? last), readyAgainAtMs);
  return {
    killedAtMs,
    readyAgainAtMs,
    catchUpMs: lastSeen - readyAgainAtMs,
    writtenWhileDown: accepted.filter((entry) => entry.at >= killedAtMs && entry.at < readyAgainAtMs).length,
  };
}
