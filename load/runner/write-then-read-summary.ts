import {
  counterMetric,
  failedRateMetric,
  judgeThresholds,
  runnerFigures,
  type K6Metric,
  type RunnerFigures,
} from './k6-summary.ts';
import { runnerLines, thresholdLines } from './print-summary.ts';
import type { LatencyRecorder } from './latency-recorder.ts';
import type { OutageResult, WriteThenReadRun } from './write-then-read-runner.ts';

/** A write-then-read run's report: k6's handleSummary shape, its custom metrics, and the consolidation figures. */
export interface WriteThenReadSummary {
  readonly scenario: string;
  readonly profile: string;
  readonly target: string;
  readonly state: { readonly testRunDurationMs: number };
  /** `http_*` are the writes; `consolidation_lag` (trend, ms), `entries_lost`, `entries_written`, `balance_reads`. */
  readonly metrics: Readonly<Record<string, K6Metric>>;
  readonly ok: boolean;
  readonly consolidation: {
    readonly firstDate: string;
    readonly written: number;
    readonly lost: number;
    readonly lagMs: Readonly<Record<string, number>>;
    readonly outage?: OutageResult;
  };
  readonly runner: RunnerFigures & { readonly readsFailed: number };
}

const trend = (recorder: LatencyRecorder): Omit<K6Metric, 'thresholds'> => ({
  type: 'trend',
  contains: 'time',
  values: { ...recorder.trendValues(), 'p(50)': recorder.percentileMs(50) },
});

/** Builds the summary and judges the scenario's thresholds against it. */
export function writeThenReadSummary(run: WriteThenReadRun, profile: string): WriteThenReadSummary {
  const seconds = run.durationMs / 1000;
  const answered = run.writeLatency.count;
  const counter = (count: number) => counterMetric(count, seconds);
  const recorders: Record<string, LatencyRecorder> = {
    http_req_duration: run.writeLatency,
    consolidation_lag: run.lag,
    balance_read_duration: run.readLatency,
  };
  const base: Record<string, Omit<K6Metric, 'thresholds'>> = {
    http_reqs: counter(answered),
    http_req_failed: failedRateMetric(run.writeFailed, answered),
    http_req_duration: trend(run.writeLatency),
    dropped_iterations: counter(run.dropped),
    entries_written: counter(run.written),
    entries_lost: counter(run.lost),
    consolidation_lag: trend(run.lag),
    balance_reads: counter(run.reads),
    balance_read_duration: trend(run.readLatency),
  };
  const judged = judgeThresholds(base, run.scenario.thresholds, (name, metric, aggregation) => {
    const percentile = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregation);
    const recorder = recorders[name];
    // A lag percentile over no visible entry proves nothing: it fails rather than reading as 0 ms.
    if (percentile && recorder) return recorder.count === 0 ? false : recorder.percentileMs(Number(percentile[1]));
    const observed = metric.values[aggregation];
    if (observed === undefined) throw new Error(`threshold ${name} ${aggregation} does not apply to a ${metric.type}`);
    return observed;
  });
  const { metrics } = judged;
  // Nothing written proves nothing either.
  const ok = judged.ok && run.written > 0;
  return {
    scenario: run.scenario.name,
    profile,
    target: run.baseUrl,
    state: { testRunDurationMs: run.durationMs },
    metrics,
    ok,
    consolidation: {
      firstDate: run.firstDate,
      written: run.written,
      lost: run.lost,
      lagMs: metrics.consolidation_lag!.values,
      ...(run.outage === undefined ? {} : { outage: run.outage }),
    },
    runner: { ...runnerFigures(run), readsFailed: run.readsFailed },
  };
}

const ms = (value: number | undefined) => `${(value ?? 0).toFixed(2)}ms`;

/** A k6-like end-of-test summary of a write-then-read run. */
export function formatWriteThenReadSummary(summary: WriteThenReadSummary): string {
  const lines = [
    `  scenario: ${summary.scenario} on ${summary.profile} (${summary.target})`,
    '',
    ...thresholdLines(summary.metrics),
  ];
  const c = summary.consolidation;
  const w = summary.metrics.http_req_duration?.values ?? {};
  lines.push('', '  CONSOLIDATION');
  lines.push(`    entries..............: written=${c.written} lost=${c.lost} (days from ${c.firstDate})`);
  lines.push(
    `    lag (201 -> visible).: med=${ms(c.lagMs.med)} p(95)=${ms(c.lagMs['p(95)'])} p(99)=${ms(c.lagMs['p(99)'])} max=${ms(c.lagMs.max)}`,
  );
  if (c.outage !== undefined) {
    lines.push(
      `    outage...............: fault at ${ms(c.outage.injectedAtMs)}, recovered at ${ms(c.outage.recoveredAtMs)}, ${c.outage.writtenWhileDown} entries written while down, catch-up ${ms(c.outage.catchUpMs)}`,
    );
  }
  lines.push(
    `    writes...............: med=${ms(w.med)} p(99)=${ms(w['p(99)'])}; failed ${summary.metrics.http_req_failed?.values.passes ?? 0}`,
  );
  const r = summary.runner;
  lines.push(
    `    balance reads........: ${summary.metrics.balance_reads?.values.count ?? 0} (${r.readsFailed} failed)`,
  );
  lines.push(...runnerLines(r));
  lines.push('', `  ${summary.ok ? 'every threshold held' : 'THRESHOLDS FAILED'}`);
  return lines.join('\n');
}
