import type { CheckProgress } from '../verify/run-checks.ts';
import type { ParityReport } from './parity-report.ts';

/** Widest a value column gets in the terminal table; the HTML and JSON reports carry the whole value. */
const MAX_VALUE_WIDTH = 40;

function clip(value: string | null): string {
  if (value === null) return '-';
  // Control characters from a response body could drive the terminal (escape sequences): shown as U+FFFD.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const oneLine = value.replace(/\r?\n/g, ' \u23CE ').replace(/[\u0000-\u001F\u007F]/g, '\uFFFD');
  return oneLine.length > MAX_VALUE_WIDTH ? `${oneLine.slice(0, MAX_VALUE_WIDTH - 3)}...` : oneLine;
}

/** Rows as aligned plain-text columns, two spaces apart, without trailing blanks. */
function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((value, column) => value.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One progress line per check: `[static] effective-configuration ...` at the start, status and time at the end. */
export function formatCheckProgress(progress: CheckProgress): string {
  if (progress.phase === 'start') return `[${progress.check.family}] ${progress.check.id} ...`;
  const { result } = progress;
  const findings = result.findings.length === 1 ? '1 finding' : `${result.findings.length} findings`;
  const detail = result.status === 'error' ? `could not run: ${result.error?.message ?? ''}` : findings;
  return `[${result.family}] ${result.id} ${result.status} in ${Math.round(result.durationMs)} ms (${detail})`;
}

/** The findings as an aligned table (no JSON), then one summary line with the outcome and exit code. */
export function formatFindingsTable(report: ParityReport): string {
  const { checks, findings } = report.summary;
  const line =
    `${report.outcome} (exit ${report.exitCode}): ${checks.total} checks, ${checks.passed} passed, ` +
    `${checks.warned} warned, ${checks.failed} failed, ${checks.error} could not run, ${checks.skipped} skipped; ` +
    `${findings.failure} failing, ${findings.warning} warnings, ${findings.accepted} accepted`;
  if (report.findings.length === 0) return `No findings.\n${line}`;
  const rows = [
    ['RESULT', 'CODE', 'SUBJECT', 'COMPOSE', 'AWS'],
    ...report.findings.map((item) => [item.disposition, item.code, item.subject, clip(item.compose), clip(item.aws)]),
  ];
  return `${alignColumns(rows)}\n${line}`;
}
