/** One line of the chart: a target's held rates and their p99. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly { readonly rate: number; readonly p99Ms: number }[];
}

const COLOURS = ['#1b6ca8', '#d1495b', '#2e933c', '#8e5ea2'];
const WIDTH = 720;
const HEIGHT = 400;
const MARGIN = { left: 64, right: 160, top: 24, bottom: 48 };

/**
 * An SVG line chart of arrival rate (x, linear) against p99 (y, log10: the knees sit at a few ms
 * and the broken steps at seconds), with the 100 ms knee limit drawn across.
 */
export function rateChart(series: readonly ChartSeries[], limitMs: number, title: string): string {
  const points = series.flatMap((s) => s.points);
  const maxRate = Math.max(100, ...points.map((p) => p.rate));
  const maxLog = Math.ceil(Math.log10(Math.max(limitMs * 2, ...points.map((p) => p.p99Ms))));
  const minLog = 0;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (rate: number) => MARGIN.left + (rate / maxRate) * plotW;
  const y = (ms: number) => MARGIN.top + plotH - ((Math.log10(Math.max(ms, 1)) - minLog) / (maxLog - minLog)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="16" font-size="14">${escape(title)}</text>`,
  ];
  for (let e = minLog; e <= maxLog; e++) {
    const ms = 10 ** e;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(ms)}" y2="${y(ms)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(ms) + 4}" text-anchor="end">${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}</text>`,
    );
  }
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const rate = Math.round((maxRate / ticks) * i);
    parts.push(`<text x="${x(rate)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${rate}</text>`);
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle">arrival rate (req/s)</text>`,
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">p99</text>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(limitMs)}" y2="${y(limitMs)}" stroke="#999" stroke-dasharray="4 4"/>`,
    `<text x="${MARGIN.left + plotW + 4}" y="${y(limitMs) + 4}" fill="#999">knee limit ${limitMs} ms</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const path = s.points.map((p) => `${x(p.rate).toFixed(1)},${y(p.p99Ms).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>`);
    for (const p of s.points) {
      parts.push(`<circle cx="${x(p.rate).toFixed(1)}" cy="${y(p.p99Ms).toFixed(1)}" r="3" fill="${colour}"/>`);
    }
    const legendY = MARGIN.top + 20 + i * 18;
    parts.push(
      `<rect x="${MARGIN.left + plotW + 12}" y="${legendY - 10}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${MARGIN.left + plotW + 30}" y="${legendY}">${escape(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
