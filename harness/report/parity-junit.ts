import { CHECK_FAMILIES } from '../verify/check.ts';
import { escapeMarkup } from './escape-markup.ts';
import type { ParityReport, ReportedFinding } from './parity-report.ts';

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeMarkup(String(value))}"`)
    .join('');
}

function sides(item: ReportedFinding): string {
  return [
    item.explanation,
    `compose: ${item.compose ?? '(not set)'}`,
    `aws: ${item.aws ?? '(not set)'}`,
    ...(item.acceptedReason === undefined ? [] : [`accepted: ${item.acceptedReason}`]),
  ].join('\n');
}

function testcase(report: ParityReport, check: ParityReport['checks'][number]): string {
  const findings = report.findings.filter((item) => item.check === check.id);
  const body: string[] = [];
  for (const item of findings.filter((f) => f.disposition === 'failure')) {
    body.push(
      `      <failure${attributes({ type: item.code, message: `${item.code} ${item.subject}: ${item.explanation}` })}>` +
        `${escapeMarkup(sides(item))}</failure>`,
    );
  }
  if (check.status === 'error') {
    body.push(
      `      <error${attributes({ type: check.error?.code ?? 'CHECK_ERROR', message: check.error?.message ?? 'the check could not run' })}/>`,
    );
  }
  if (check.status === 'skipped') body.push('      <skipped message="not selected (--only / --skip)"/>');
  // Warnings and accepted findings do not fail the test; CI shows them as the test's output.
  const notes = findings.filter((f) => f.disposition !== 'failure');
  if (notes.length > 0) {
    const text = notes.map((item) => `[${item.disposition}] ${item.code} ${item.subject}\n${sides(item)}`).join('\n\n');
    body.push(`      <system-out>${escapeMarkup(text)}</system-out>`);
  }
  const open = `    <testcase${attributes({ classname: `parity.${check.family}`, name: `${check.id}: ${check.title}`, time: seconds(check.durationMs) })}`;
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

/**
 * `parity.junit.xml`: one testsuite per check family, one testcase per check, one `<failure>` per
 * finding that fails the gate (type = its code). A check that could not run is an `<error>`, a
 * deselected one `<skipped>`. Suite counts are per testcase, as JUnit consumers expect.
 */
export function renderParityJunit(report: ParityReport): string {
  const suites = CHECK_FAMILIES.map((family) => {
    const checks = report.checks.filter((check) => check.family === family);
    const count = (status: string) => checks.filter((check) => check.status === status).length;
    const open = `  <testsuite${attributes({
      name: family,
      tests: checks.length,
      failures: count('failed'),
      errors: count('error'),
      skipped: count('skipped'),
      time: seconds(checks.reduce((sum, check) => sum + check.durationMs, 0)),
      timestamp: report.startedAt,
    })}`;
    return checks.length === 0
      ? `${open}/>`
      : `${open}>\n${checks.map((check) => testcase(report, check)).join('\n')}\n  </testsuite>`;
  });
  const { checks } = report.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'harness verify', tests: checks.total, failures: checks.failed, errors: checks.error, skipped: checks.skipped, time: seconds(report.durationMs) })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
