import type { DefectOutcome } from './run-self-test.ts';

const RESULT: Readonly<Record<DefectOutcome['status'], string>> = {
  caught: 'caught',
  missed: 'MISSED',
  waiting: 'waiting',
  error: 'ERROR',
};

/** The self-test's table: one row per defect (id, the check that must catch it, expected code, result, time). */
export function formatSelfTestTable(outcomes: readonly DefectOutcome[]): string {
  const rows = [
    ['DEFECT', 'CHECK', 'EXPECTED', 'CAUGHT?', 'TIME', 'DETAIL'],
    ...outcomes.map((outcome) => [
      outcome.defect.id,
      outcome.defect.check,
      outcome.defect.expected,
      RESULT[outcome.status],
      outcome.status === 'waiting' ? '-' : `${(outcome.durationMs / 1000).toFixed(1)} s`,
      outcome.status === 'waiting' ? `waiting: ${outcome.detail}` : outcome.detail,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
