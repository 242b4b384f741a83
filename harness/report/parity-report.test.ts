import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { HarnessError } from '../core/harness-error.ts';
import { parityReportErrors } from './parity-report.ts';
import { SAMPLE_SECRET, sampleParityReport } from './sample-parity-report.ts';
import { writeParityReports } from './write-parity-reports.ts';

const directory = mkdtempSync(join(tmpdir(), 'parity-report-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('buildParityReport', () => {
  test('matches its schema, version 1, with the outcome of the worst check', async () => {
    const report = await sampleParityReport();
    expect(parityReportErrors(report)).toEqual([]);
    expect(report).toMatchObject({ schemaVersion: 1, exitCode: 2, outcome: 'could-not-run' });
    expect(report.summary).toEqual({
      checks: { total: 6, passed: 1, warned: 1, failed: 2, error: 1, skipped: 1 },
      findings: { total: 5, failure: 3, warning: 1, accepted: 1 },
    });
    expect(report.checks.map((c) => [c.id, c.status, c.findingCount])).toEqual([
      ['effective-configuration', 'failed', 2],
      ['service-shape', 'passed', 1],
      ['server-versions', 'warned', 1],
      ['responses', 'failed', 1],
      ['tls-everywhere', 'error', 0],
      ['browser-smoke', 'skipped', 0],
    ]);
  });

  test('masks secrets in every string: findings, check errors, adaptations', async () => {
    const report = await sampleParityReport();
    expect(JSON.stringify(report)).not.toContain(SAMPLE_SECRET);
    expect(report.checks[4]?.error?.message).toBe('could not connect with ***');
    expect(report.adaptations[0]?.detail).toContain('password ***');
  });

  test('names what is wrong in an invalid report', async () => {
    const report = { ...(await sampleParityReport()), schemaVersion: 2 };
    expect(parityReportErrors(report).join('\n')).toContain('/schemaVersion');
  });
});

describe('writeParityReports', () => {
  test('writes parity.json, parity.junit.xml and parity.html; the JSON reads back equal', async () => {
    const report = await sampleParityReport();
    const files = writeParityReports(directory, report);
    expect(JSON.parse(readFileSync(files.json, 'utf8'))).toEqual(report);
    expect(readFileSync(files.junit, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(readFileSync(files.html, 'utf8')).toMatch(/^<!doctype html>/);
  });

  test('refuses an invalid report before writing anything', async () => {
    const report = { ...(await sampleParityReport()), exitCode: 7 } as never;
    let caught: unknown;
    try {
      writeParityReports(join(directory, 'invalid'), report);
    } catch (error) {
      caught = error;
    }
    expect((caught as HarnessError).code).toBe('REPORT_INVALID');
    expect(() => readFileSync(join(directory, 'invalid', 'parity.json'))).toThrow();
  });
});
