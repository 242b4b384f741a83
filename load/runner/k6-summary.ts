import type { LoadRun } from './open-model-runner.ts';
import { holds, parseThreshold } from './threshold.ts';

/** One metric as k6's `handleSummary(data)` gives it: `data.metrics[name]`. */
export interface K6Metric {
  readonly type: 'counter' | 'rate' | 'trend' | 'gauge';
  readonly contains: 'default' | 'time';
  readonly values: Readonly<Record<string, number>>;
  readonly thresholds?: Readonly<Record<string, { readonly ok: boolean }>>;
}

/** The runner's report: k6's handleSummary shape, plus what only an open-model runner knows of itself. */
export interface LoadSummary {
  readonly scenario: string;
  readonly profile: string;
  readonly target: string;
  readonly state: { readonly testRunDurationMs: number };
  readonly metrics: Readonly<Record<string, K6Metric>>;
  /** Every threshold held. */
  readonly ok: boolean;
  readonly runner: RunnerFigures & {
    readonly timeline: LoadRun['timeline'];
    readonly stages: LoadRun['stages'];
    /** For stepped runs: the highest held rate within the thresholds. */
    readonly knee?: number;
  };
}

type BareMetric = Omit<K6Metric, 'thresholds'>;

/** A k6 counter: `{count, rate}` per second of the run. */
export const counterMetric = (count: number, seconds: number): BareMetric => ({
  type: 'counter',
  contains: 'default',
  values: { count, rate: count / seconds },
});

/** `http_req_failed` as k6 has it: a pass is a failed request. */
export const failedRateMetric = (failed: number, answered: number): BareMetric => ({
  type: 'rate',
  contains: 'default',
  values: { rate: answered === 0 ? 0 : failed / answered, passes: failed, fails: answered - failed },
});

/** The runner's account of itself, common to every open-model run. */
export interface RunnerFigures {
  readonly scheduled: number;
  readonly sent: number;
  readonly dropped: number;
  readonly maxSendLagMs: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

export function runnerFigures(
  run: Pick<LoadRun, 'scheduled' | 'sent' | 'dropped' | 'maxSendLagMs' | 'eventLoopDelay' | 'byStatus'>,
): RunnerFigures {
  return {
    scheduled: run.scheduled,
    sent: run.sent,
    dropped: run.dropped,
    maxSendLagMs: run.maxSendLagMs,
    eventLoopDelayP99Ms: run.eventLoopDelay.p99Ms,
    eventLoopDelayMaxMs: run.eventLoopDelay.maxMs,
    byStatus: run.byStatus,
  };
}

/**
 * Judges each metric's threshold expressions. `observe` gives the value an aggregation is judged
 * on, or `false` when the run cannot prove it (the threshold then fails).
 */
export function judgeThresholds(
  base: Readonly<Record<string, BareMetric>>,
  expressionsByMetric: Readonly<Record<string, readonly string[]>>,
  observe: (name: string, metric: BareMetric, aggregation: string) => number | false,
): { metrics: Record<string, K6Metric>; ok: boolean } {
  let ok = true;
  const metrics: Record<string, K6Metric> = {};
  for (const [name, metric] of Object.entries(base)) {
    const expressions = expressionsByMetric[name] ?? [];
    if (expressions.length === 0) {
      metrics[name] = metric;
      continue;
    }
    const thresholds: Record<string, { ok: boolean }> = {};
    for (const expression of expressions) {
      const threshold = parseThreshold(expression);
      const observed = observe(name, metric, threshold.aggregation);
      const held = observed !== false && holds(threshold, observed);
      thresholds[expression] = { ok: held };
      ok &&= held;
    }
    metrics[name] = { ...metric, thresholds };
  }
  return { metrics, ok };
}

/**
 * Builds the summary in k6's shape (grafana/k6 summary.go): counters `{count, rate}`, rates
 * `{rate, passes, fails}` (for `http_req_failed` a pass is a failed request, as in k6), trends
 * with med/p(90)/p(95)/p(99)/max in milliseconds, and each threshold `{ok}`.
 */
export function k6Summary(run: LoadRun, profile: string, knee?: number): LoadSummary {
  const seconds = run.durationMs / 1000;
  const completed = run.latency.count;
  const base: Record<string, BareMetric> = {
    http_reqs: counterMetric(completed, seconds),
    iterations: counterMetric(completed, seconds),
    http_req_failed: failedRateMetric(run.failed, completed),
    http_req_duration: { type: 'trend', contains: 'time', values: run.latency.trendValues() },
    dropped_iterations: counterMetric(run.dropped, seconds),
  };
  const { metrics, ok } = judgeThresholds(base, run.scenario.thresholds, (_, metric, aggregation) =>
    observedValue(metric, aggregation, run),
  );
  return {
    scenario: run.scenario.name,
    profile,
    target: run.baseUrl,
    state: { testRunDurationMs: run.durationMs },
    metrics,
    ok,
    runner: {
      ...runnerFigures(run),
      timeline: run.timeline,
      stages: run.stages,
      ...(knee === undefined ? {} : { knee }),
    },
  };
}

function observedValue(metric: BareMetric, aggregation: string, run: LoadRun): number {
  const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregation);
  if (percentile) return run.latency.percentileMs(Number(percentile[1]));
  const value = metric.values[aggregation === 'value' ? 'rate' : aggregation];
  if (value === undefined)
    throw new Error(`threshold aggregation ${aggregation} does not apply to a ${metric.type} metric`);
  return value;
}

/** The knee of a stepped run: the highest held rate whose p99 and error rate stayed within the limits. */
export function kneeOf(stages: LoadRun['stages'], p99LimitMs: number, errorRateLimit: number): number | undefined {
  let knee: number | undefined;
  for (const stage of stages) {
    const errorRate = stage.requests === 0 ? 1 : stage.failed / stage.requests;
    if (stage.p99Ms > p99LimitMs || errorRate > errorRateLimit) break;
    knee = stage.rate;
  }
  return knee;
}
