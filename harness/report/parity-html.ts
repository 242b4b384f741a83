import { CHECK_FAMILY_TITLES } from '../verify/check.ts';
import { escapeMarkup as e } from './escape-markup.ts';
import { renderLoadChart } from './load-chart.ts';
import type { LoadRun, ParityReport, ReportedFinding, Screenshot } from './parity-report.ts';
import { sideBySideDiff } from './side-by-side-diff.ts';

export interface ParityHtmlOptions {
  /** Base64 of a screenshot given by path only, so the page embeds it (the writer reads the file). */
  readonly readImage?: (path: string) => string | undefined;
}

const OUTCOME_TEXT = { holds: 'Parity holds', findings: 'Findings', 'could-not-run': 'Could not run' } as const;

// The page is opened from CI artefacts and mail: it must never fetch anything. The CSP makes the
// browser refuse any request the markup might still make; images are data: URIs.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2125;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d4d9;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.outcome{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600;color:#fff}
.outcome-holds{background:#1e7e34}.outcome-findings{background:#b42318}.outcome-could-not-run{background:#7a4d00}
.status-passed{color:#1e7e34}.status-failed,.status-error{color:#b42318;font-weight:600}.status-warned{color:#8a5a00}.status-skipped{color:#666}
.finding{border:1px solid #d0d4d9;border-left-width:6px;border-radius:4px;padding:8px 12px;margin:10px 0}
.finding.failure{border-left-color:#b42318}.finding.warning{border-left-color:#d9822b}.finding.accepted{border-left-color:#888}
.finding h4{margin:0 0 4px;font-size:15px}.code{font-family:ui-monospace,monospace;font-weight:700}
table.diff{width:100%;table-layout:fixed}table.diff td{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
table.diff tr.changed td.compose{background:#fdecea}table.diff tr.changed td.aws{background:#e6f4ea}
td.absent{color:#888;font-style:italic}figure{display:inline-block;margin:8px}figure img{max-width:560px;border:1px solid #ccc}
`;

function table(header: readonly string[], rows: readonly (readonly string[])[], className = ''): string {
  const head = `<tr>${header.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.join('')}</tr>`).join('');
  return `<table${className ? ` class="${className}"` : ''}>${head}${body}</table>`;
}

const cell = (text: string | number, className = '') =>
  `<td${className ? ` class="${className}"` : ''}>${e(String(text))}</td>`;
const ms = (value: number) => `${Math.round(value)} ms`;

function summary(report: ParityReport): string {
  const { checks, findings } = report.summary;
  const count = (id: string, value: number) => `<td class="num" data-testid="${id}">${value}</td>`;
  return (
    `<section id="summary"><h2>Summary</h2>` +
    table(
      ['checks', 'passed', 'warned', 'failed', 'could not run', 'skipped'],
      [
        [
          count('checks-total', checks.total),
          count('checks-passed', checks.passed),
          count('checks-warned', checks.warned),
          count('checks-failed', checks.failed),
          count('checks-error', checks.error),
          count('checks-skipped', checks.skipped),
        ],
      ],
    ) +
    table(
      ['findings', 'failing', 'warnings', 'accepted'],
      [
        [
          count('findings-total', findings.total),
          count('findings-failure', findings.failure),
          count('findings-warning', findings.warning),
          count('findings-accepted', findings.accepted),
        ],
      ],
    ) +
    `</section>`
  );
}

function checks(report: ParityReport): string {
  const rows = report.checks.map((check) => [
    cell(CHECK_FAMILY_TITLES[check.family]),
    cell(check.id, 'code'),
    cell(check.title),
    cell(
      check.status === 'error' ? `could not run: ${check.error?.message ?? ''}` : check.status,
      `status-${check.status}`,
    ),
    cell(ms(check.durationMs), 'num'),
    cell(check.findingCount, 'num'),
  ]);
  return `<section id="checks"><h2>Checks</h2>${table(['family', 'check', 'title', 'status', 'duration', 'findings'], rows)}</section>`;
}

function diff(item: ReportedFinding): string {
  const rows = sideBySideDiff(item.compose, item.aws);
  // A side that is not set shows it once, on the first row; a shorter side's missing lines stay empty.
  const side = (text: string | undefined, value: string | null, index: number, className: string) =>
    text !== undefined
      ? cell(text, className)
      : `<td class="${className} absent">${value === null && index === 0 ? 'not set' : ''}</td>`;
  const body = (rows.length === 0 ? [{ kind: 'changed' as const }] : rows).map(
    (row, index) =>
      `<tr class="${row.kind}">${side(row.compose, item.compose, index, 'compose')}${side(row.aws, item.aws, index, 'aws')}</tr>`,
  );
  return `<table class="diff"><tr><th>compose</th><th>aws</th></tr>${body.join('')}</table>`;
}

function findingArticle(item: ReportedFinding): string {
  return (
    `<article class="finding ${item.disposition}" data-code="${e(item.code)}">` +
    `<h4><span class="code">${e(item.code)}</span> ${e(item.subject)} <small>(${e(item.severity)}, ${e(item.check)})</small></h4>` +
    `<p>${e(item.explanation)}</p>${diff(item)}` +
    (item.acceptedReason === undefined ? '' : `<p><strong>Accepted:</strong> ${e(item.acceptedReason)}</p>`) +
    `</article>`
  );
}

function findings(report: ParityReport): string {
  const groups = [
    ['failure', 'Failing'],
    ['warning', 'Warnings'],
    ['accepted', 'Accepted (allow-list)'],
  ] as const;
  const body = groups
    .map(([disposition, title]) => {
      const items = report.findings.filter((item) => item.disposition === disposition);
      return items.length === 0 ? '' : `<h3>${title} (${items.length})</h3>${items.map(findingArticle).join('')}`;
    })
    .join('');
  return `<section id="findings"><h2>Findings</h2>${body || '<p>None.</p>'}</section>`;
}

function adaptations(report: ParityReport): string {
  const rows = report.adaptations.map((a) => [cell(a.logicalId, 'code'), cell(a.type), cell(a.action), cell(a.detail)]);
  const body = rows.length === 0 ? '<p>None.</p>' : table(['logical id', 'type', 'action', 'detail'], rows);
  return `<section id="adaptations"><h2>Deploy adaptations</h2>${body}</section>`;
}

function timings(report: ParityReport): string {
  const rows = [...report.timings, { name: 'total', durationMs: report.durationMs }].map((t) => [
    cell(t.name),
    cell(ms(t.durationMs), 'num'),
  ]);
  return `<section id="timings"><h2>Timings</h2>${table(['phase', 'duration'], rows)}</section>`;
}

function screenshot(shot: Screenshot, options: ParityHtmlOptions): string {
  const data = shot.dataBase64 ?? (shot.path === undefined ? undefined : options.readImage?.(shot.path));
  const caption = `${shot.name}${shot.profile ? ` (${shot.profile})` : ''}`;
  const image =
    data === undefined
      ? `<p class="absent">not embedded: ${e(shot.path ?? 'no file')}</p>`
      : `<img alt="${e(caption)}" src="data:${e(shot.mimeType)};base64,${e(data)}">`;
  return `<figure>${image}<figcaption>${e(caption)}</figcaption></figure>`;
}

function screenshots(report: ParityReport, options: ParityHtmlOptions): string {
  const body =
    report.screenshots.length === 0 ? '<p>None.</p>' : report.screenshots.map((s) => screenshot(s, options)).join('');
  return `<section id="screenshots"><h2>Screenshots</h2>${body}</section>`;
}

function loadRun(run: LoadRun): string {
  const { metrics, thresholds } = run.summary;
  const d = metrics.http_req_duration;
  const rows = [
    [cell('requests'), cell(`${metrics.http_reqs.count} (${metrics.http_reqs.rate.toFixed(1)}/s)`, 'num')],
    [
      cell('failed'),
      cell(`${(metrics.http_req_failed.rate * 100).toFixed(2)} % (${metrics.http_req_failed.passes})`, 'num'),
    ],
    [
      cell('duration med / p90 / p95 / p99 / max'),
      cell([d.med, d['p(90)'], d['p(95)'], d['p(99)'], d.max].map((v) => v.toFixed(1)).join(' / ') + ' ms', 'num'),
    ],
    [cell('dropped iterations'), cell(metrics.dropped_iterations.count, 'num')],
    ...Object.entries(thresholds).map(([name, t]) => [
      cell(`threshold ${name}`),
      cell(t.ok ? 'ok' : 'crossed', t.ok ? 'status-passed' : 'status-failed'),
    ]),
  ];
  return `<div class="load-run"><h3>${e(run.name)} (${e(run.profile)})</h3>${table(['metric', 'value'], rows)}${renderLoadChart(run)}</div>`;
}

function load(report: ParityReport): string {
  const body = report.load.length === 0 ? '<p>None.</p>' : report.load.map(loadRun).join('');
  return `<section id="load"><h2>Load</h2>${body}</section>`;
}

/**
 * `parity.html`: one self-contained page (inline CSS and SVG, images as data URIs, a CSP that forbids
 * any fetch) with the summary, the checks, each finding with compose and aws side by side, the deploy
 * adaptations, the timings, the screenshots and the load runs with their latency charts.
 */
export function renderParityHtml(report: ParityReport, options: ParityHtmlOptions = {}): string {
  const title = `${OUTCOME_TEXT[report.outcome]}: harness verify`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<title>${e(title)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>harness verify</h1>`,
    `<p><span class="outcome outcome-${report.outcome}" data-testid="outcome">${e(OUTCOME_TEXT[report.outcome])} (exit ${report.exitCode})</span></p>`,
    `<p>Started ${e(report.startedAt)}, took ${e(ms(report.durationMs))}; report schema ${report.schemaVersion}.</p></header>`,
    summary(report),
    checks(report),
    findings(report),
    adaptations(report),
    timings(report),
    screenshots(report, options),
    load(report),
    '</body></html>',
    '',
  ].join('\n');
}
