import { escapeMarkup } from './escape-markup.ts';
import type { LoadRun } from './parity-report.ts';

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 96, bottom: 36, left: 56 };
const COLOURS = { p50: '#2a7ab9', p95: '#d9822b', p99: '#c23030' } as const;

const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value) ?? value;
}

function frame(title: string, yMax: number, body: string, xLabels: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((share) => {
      const y = MARGIN.top + plotHeight * (1 - share);
      return (
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y}" y2="${y}" stroke="#ddd"/>` +
        `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${+(yMax * share).toFixed(1)}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="load-chart" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-size="11" font-family="sans-serif">` +
    `<title>${escapeMarkup(title)}</title>${ticks}` +
    `<text x="14" y="${MARGIN.top + plotHeight / 2}" transform="rotate(-90 14 ${MARGIN.top + plotHeight / 2})" text-anchor="middle">latency (ms)</text>` +
    `${body}${xLabels}</svg>`
  );
}

/** A line per percentile over the run's series (latency against elapsed time or offered rate). */
function seriesChart(run: LoadRun & { series: NonNullable<LoadRun['series']> }): string {
  const points = [...run.series.points].sort((p, q) => p.x - q.x);
  const xMin = points[0]?.x ?? 0;
  const xMax = Math.max(points.at(-1)?.x ?? 1, xMin + 1e-9);
  const yMax = niceMax(Math.max(...points.flatMap((p) => [p.p50 ?? 0, p.p95, p.p99 ?? 0])));
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  const sy = (y: number) => MARGIN.top + plotHeight * (1 - y / yMax);
  const lines = (['p50', 'p95', 'p99'] as const)
    .map((key, index) => {
      const defined = points.filter((p) => p[key] !== undefined);
      if (defined.length === 0) return '';
      const path = defined.map((p) => `${sx(p.x).toFixed(1)},${sy(p[key]!).toFixed(1)}`).join(' ');
      const legendY = MARGIN.top + 14 * index + 8;
      return (
        `<polyline fill="none" stroke="${COLOURS[key]}" stroke-width="2" points="${path}"/>` +
        `<text x="${MARGIN.left + plotWidth + 8}" y="${legendY}" fill="${COLOURS[key]}">${key}</text>`
      );
    })
    .join('');
  const xTitle = run.series.x === 'elapsed_s' ? 'elapsed (s)' : 'offered rate (req/s)';
  const xLabels =
    `<text x="${MARGIN.left}" y="${HEIGHT - 20}" text-anchor="start">${+xMin.toFixed(1)}</text>` +
    `<text x="${MARGIN.left + plotWidth}" y="${HEIGHT - 20}" text-anchor="end">${+xMax.toFixed(1)}</text>` +
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle">${xTitle}</text>`;
  return frame(`${run.name} (${run.profile}): latency by ${xTitle}`, yMax, lines, xLabels);
}

/** Without a series: one bar per summary statistic (med, p90, p95, p99, max). */
function summaryChart(run: LoadRun): string {
  const duration = run.summary.metrics.http_req_duration;
  const bars: Array<[string, number]> = [
    ['med', duration.med],
    ['p90', duration['p(90)']],
    ['p95', duration['p(95)']],
    ['p99', duration['p(99)']],
    ['max', duration.max],
  ];
  const yMax = niceMax(Math.max(...bars.map(([, value]) => value)));
  const slot = plotWidth / bars.length;
  const body = bars
    .map(([label, value], index) => {
      const height = (value / yMax) * plotHeight;
      const x = MARGIN.left + slot * index + slot * 0.2;
      return (
        `<rect x="${x.toFixed(1)}" y="${(MARGIN.top + plotHeight - height).toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${height.toFixed(1)}" fill="#2a7ab9"/>` +
        `<text x="${(x + slot * 0.3).toFixed(1)}" y="${HEIGHT - 20}" text-anchor="middle">${label}</text>`
      );
    })
    .join('');
  return frame(`${run.name} (${run.profile}): http_req_duration`, yMax, body, '');
}

/** An inline SVG of one load run's latency: over its series when it has one, else its summary percentiles. */
export function renderLoadChart(run: LoadRun): string {
  return run.series && run.series.points.length > 0 ? seriesChart({ ...run, series: run.series }) : summaryChart(run);
}
