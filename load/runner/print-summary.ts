import type { K6Metric, LoadSummary, RunnerFigures } from './k6-summary.ts';

const ms = (value: number | undefined) => `${(value ?? 0).toFixed(2)}ms`;

/** A k6-like end-of-test summary: thresholds first, then the metrics and the runner's own saturation. */
export function formatSummary(summary: LoadSummary): string {
  const lines: string[] = [];
  lines.push(`  scenario: ${summary.scenario} on ${summary.profile} (${summary.target})`, '');
  lines.push(...thresholdLines(summary.metrics));
  const m = summary.metrics;
  const d = m.http_req_duration?.values ?? {};
  lines.push('', '  METRICS');
  lines.push(
    `    http_req_duration....: avg=${ms(d.avg)} med=${ms(d.med)} p(90)=${ms(d['p(90)'])} p(95)=${ms(d['p(95)'])} p(99)=${ms(d['p(99)'])} max=${ms(d.max)}`,
  );
  const failed = m.http_req_failed?.values ?? {};
  lines.push(
    `    http_req_failed......: ${((failed.rate ?? 0) * 100).toFixed(2)}% ${failed.passes ?? 0} out of ${(failed.passes ?? 0) + (failed.fails ?? 0)}`,
  );
  lines.push(
    `    http_reqs............: ${m.http_reqs?.values.count ?? 0} ${(m.http_reqs?.values.rate ?? 0).toFixed(1)}/s`,
  );
  lines.push(`    dropped_iterations...: ${m.dropped_iterations?.values.count ?? 0}`);
  const r = summary.runner;
  lines.push(...runnerLines(r));
  if (r.stages.length > 0) {
    lines.push('', '  STAGES (rate: requests, failed, p99)');
    for (const stage of r.stages)
      lines.push(`    ${stage.rate}/s: ${stage.requests}, ${stage.failed}, ${ms(stage.p99Ms)}`);
    lines.push(`    knee: ${r.knee === undefined ? 'none held' : `${r.knee}/s`}`);
  }
  lines.push('', `  ${summary.ok ? 'every threshold held' : 'THRESHOLDS FAILED'}`);
  return lines.join('\n');
}

/** The runner's account of itself (arrivals, its own lag, statuses), as both summaries print it. */
export function runnerLines(r: RunnerFigures): string[] {
  return [
    '',
    '  RUNNER',
    `    arrivals.............: scheduled=${r.scheduled} sent=${r.sent} dropped=${r.dropped}`,
    `    send lag (max).......: ${ms(r.maxSendLagMs)}; event-loop delay p99=${ms(r.eventLoopDelayP99Ms)} max=${ms(r.eventLoopDelayMaxMs)}`,
    `    statuses.............: ${Object.entries(r.byStatus)
      .map(([s, n]) => `${s}=${n}`)
      .join(' ')}`,
  ];
}

/** Each threshold with ✓ or ✗, as k6 prints them. */
export function thresholdLines(metrics: Readonly<Record<string, K6Metric>>): string[] {
  const lines = ['  THRESHOLDS'];
  for (const [name, metric] of Object.entries(metrics)) {
    for (const [expression, { ok }] of Object.entries(metric.thresholds ?? {})) {
      lines.push(`    ${ok ? '✓' : '✗'} ${name} ${expression}`);
    }
  }
  return lines;
}
