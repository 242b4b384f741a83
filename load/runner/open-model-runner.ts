import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';
import { arrivalsDueBy, requestPath, scenarioDurationSeconds, type LoadScenario } from '../scenarios.ts';
import { ArrivalClock } from './arrival-clock.ts';
import { LatencyRecorder } from './latency-recorder.ts';

/** Where the load goes: a gateway (or a service) and the bearer token its API wants. */
export interface LoadTarget {
  readonly baseUrl: string;
  readonly token?: string;
}

/** One second of the run, for the report's chart. */
export interface TimelinePoint {
  readonly second: number;
  readonly requests: number;
  readonly failed: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/** A stage of a ramping run held at one rate, judged on its own. */
export interface StageResult {
  readonly rate: number;
  readonly requests: number;
  readonly failed: number;
  readonly p99Ms: number;
}

export interface LoadRun {
  readonly scenario: LoadScenario;
  readonly baseUrl: string;
  readonly durationMs: number;
  /** Arrivals the schedule called for, and those actually sent or dropped (no free slot, k6's maxVUs). */
  readonly scheduled: number;
  readonly sent: number;
  readonly dropped: number;
  readonly failed: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly latency: LatencyRecorder;
  /** How late the runner sent an arrival at worst: its own saturation, beside the event-loop delay. */
  readonly maxSendLagMs: number;
  readonly eventLoopDelay: { readonly p99Ms: number; readonly maxMs: number };
  readonly timeline: readonly TimelinePoint[];
  readonly stages: readonly StageResult[];
}

export interface RunOptions {
  /** Called about once a second while the run goes on. */
  readonly onProgress?: (progress: { second: number; sent: number; dropped: number; failed: number }) => void;
  /** For ramping runs: stop after the first held stage that breaks this predicate. */
  readonly stopWhenStageBreaks?: (stage: StageResult) => boolean;
  /** One request's limit; its expiry counts as a failure. @default 10000 */
  readonly requestTimeoutMs?: number;
}

/** Stages of a ramping scenario that hold one rate (the ramps between them are not judged). */
function heldStages(scenario: LoadScenario): { rate: number; fromSecond: number; toSecond: number }[] {
  const held: { rate: number; fromSecond: number; toSecond: number }[] = [];
  let rate = scenario.rate;
  let at = 0;
  for (const stage of scenario.stages ?? []) {
    if (stage.target === rate) held.push({ rate, fromSecond: at, toSecond: at + stage.durationSeconds });
    at += stage.durationSeconds;
    rate = stage.target;
  }
  return held;
}

/**
 * Runs a scenario as an open model (constant or ramping arrival rate): arrivals follow the
 * schedule whatever the answers do, so a slow answer shows as latency or as dropped arrivals, never
 * as a quietly lower rate (the coordinated omission of a closed loop).
 */
export async function runOpenModel(
  scenario: LoadScenario,
  target: LoadTarget,
  options: RunOptions = {},
): Promise<LoadRun> {
  const origin = new URL(target.baseUrl);
  const basePath = origin.pathname.replace(/\/$/, '');
  const pool = new Pool(origin.origin, { connections: scenario.maxVUs, pipelining: 1, keepAliveTimeout: 30_000 });
  const headers: Record<string, string> = target.token ? { authorization: `Bearer ${target.token}` } : {};
  const durationSeconds = scenarioDurationSeconds(scenario);
  const latency = new LatencyRecorder();
  const perSecond: { recorder: LatencyRecorder; failed: number }[] = [];
  const held = heldStages(scenario);
  const stageRecorders = held.map(() => ({ recorder: new LatencyRecorder(), failed: 0 }));
  const byStatus: Record<string, number> = {};
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let failed = 0;
  let stopAt = durationSeconds;
  const clock = new ArrivalClock(scenario.maxVUs);
  const started = performance.now();
  const timeoutMs = options.requestTimeoutMs ?? 10_000;

  const send = async (i: number, second: number): Promise<void> => {
    const { method, path } = requestPath(scenario, i);
    const begin = performance.now();
    let ok = false;
    let status: string;
    try {
      const response = await pool.request({
        path: basePath + path,
        method: method as 'GET',
        headers,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      status = String(response.statusCode);
      ok = response.statusCode < 400;
    } catch {
      status = 'error';
    }
    const durationMs = performance.now() - begin;
    clock.release();
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    latency.record(durationMs);
    const bucket = (perSecond[second] ??= { recorder: new LatencyRecorder(), failed: 0 });
    bucket.recorder.record(durationMs);
    const stage = held.findIndex((s) => second >= s.fromSecond && second < s.toSecond);
    if (stage >= 0) stageRecorders[stage]!.recorder.record(durationMs);
    if (!ok) {
      failed++;
      bucket.failed++;
      if (stage >= 0) stageRecorders[stage]!.failed++;
    }
  };

  await clock.run({
    elapsedSeconds: () => (performance.now() - started) / 1000,
    dueBy: (elapsed) => arrivalsDueBy(scenario, Math.min(elapsed, stopAt)),
    ended: (elapsed) => elapsed >= stopAt,
    send,
    onSecond: (second, elapsed) => {
      options.onProgress?.({ second, sent: clock.sent, dropped: clock.dropped, failed });
      const stop = options.stopWhenStageBreaks;
      const justEnded = held.findIndex((s) => s.toSecond === second);
      if (stop !== undefined && justEnded >= 0) {
        const result = stageResult(held[justEnded]!.rate, stageRecorders[justEnded]!);
        if (stop(result)) stopAt = Math.min(stopAt, elapsed);
      }
    },
  });
  await Promise.all(clock.work);
  loop.disable();
  await pool.close();
  const durationMs = performance.now() - started;
  const stages = held
    .map((s, i) => ({ s, r: stageRecorders[i]! }))
    .filter(({ r }) => r.recorder.count > 0)
    .map(({ s, r }) => stageResult(s.rate, r));
  return {
    scenario,
    baseUrl: target.baseUrl,
    durationMs,
    scheduled: clock.scheduled,
    sent: clock.sent,
    dropped: clock.dropped,
    failed,
    byStatus,
    latency,
    maxSendLagMs: clock.maxSendLagMs,
    eventLoopDelay: { p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6 },
    timeline: Array.from({ length: perSecond.length }, (_, second) => ({
      second,
      requests: perSecond[second]?.recorder.count ?? 0,
      failed: perSecond[second]?.failed ?? 0,
      p95Ms: perSecond[second]?.recorder.percentileMs(95) ?? 0,
      p99Ms: perSecond[second]?.recorder.percentileMs(99) ?? 0,
    })),
    stages,
  };
}

function stageResult(rate: number, stage: { recorder: LatencyRecorder; failed: number }): StageResult {
  return { rate, requests: stage.recorder.count, failed: stage.failed, p99Ms: stage.recorder.percentileMs(99) };
}
