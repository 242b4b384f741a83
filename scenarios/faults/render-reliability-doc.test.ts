import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BEGIN_MARKER, END_MARKER, renderReliabilityDoc } from './render-reliability-doc.ts';
import type { FaultReport } from './support/fault-report.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reliability-doc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function report(fault: string, profile: 'compose' | 'aws', availability: number): FaultReport {
  return {
    fault,
    title: `${fault} title`,
    profile,
    load: { entriesPerSecond: 200, readsPerSecond: 30, seconds: 60 },
    entriesAcknowledged: 11_998,
    lost: 0,
    duplicated: 0,
    availability,
    recoveryMs: 8_212,
    errorRate: { writes: 1 - availability, reads: 0.5 },
    notes: [],
    details: {
      writeStatuses: { '201': 11_998 },
      reads: 1_800,
      readsFailed: 900,
      writtenWhileDown: 6_000,
      unacknowledgedCommitted: 0,
      mismatchedDays: 0,
      faultAtMs: 10_000,
      recoveredAtMs: 41_000,
    },
    finishedAt: '2026-12-03T07:13:48.171Z',
    loadAverage: 7.95,
  };
}

describe('the reliability doc renderer', () => {
  test('writes the faults table from the reports between the markers, in the issue order, and keeps the prose', async () => {
    // GIVEN two fault reports, the other suites' files, and a doc with prose around the markers
    const reports = join(dir, 'reports');
    await mkdir(reports);
    await writeFile(join(reports, 'broker-kill-aws.json'), JSON.stringify(report('broker-kill', 'aws', 0.99995)));
    await writeFile(
      join(reports, 'consolidated-kill-compose.json'),
      JSON.stringify(report('consolidated-kill', 'compose', 1)),
    );
    await writeFile(
      join(reports, 'hostile-input.json'),
      JSON.stringify([
        {
          profile: 'aws',
          endpoint: 'POST /api/cashflow/entries',
          requests: 500,
          status4xx: 500,
          status5xx: 0,
          writes: 0,
        },
      ]),
    );
    await writeFile(
      join(reports, 'auth-matrix.json'),
      JSON.stringify([
        { profile: 'compose', case: 'no token', status: 401, code: 'TOKEN_MISSING' },
        { profile: 'aws', case: 'no token', status: 401, code: 'TOKEN_MISSING' },
      ]),
    );
    const doc = join(dir, 'reliability.md');
    await writeFile(doc, `# Title\n\nProse.\n\n${BEGIN_MARKER}\nold\n${END_MARKER}\n\nAfter.\n`);
    // WHEN the doc is rendered
    await renderReliabilityDoc(doc, reports);
    const text = await readFile(doc, 'utf8');
    // THEN the prose stays, the old block is gone, and the table has the columns and both rows in order
    expect(text.startsWith('# Title\n\nProse.\n')).toBe(true);
    expect(text.endsWith('After.\n')).toBe(true);
    expect(text).not.toContain('\nold\n');
    const rows = text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| -'));
    expect(rows[0]?.split('|').map((cell) => cell.trim())).toEqual([
      '',
      'fault',
      'profile',
      'load',
      'entries acknowledged',
      'lost',
      'duplicated',
      'availability',
      'recovery time',
      '',
    ]);
    expect(rows[1]).toMatch(/^\| consolidated-kill title +\| compose .*\| +11998 \| +0 \| +0 \| +100% \| +8\.2 s \|$/);
    // 99.995% is not rounded up to 100%
    expect(rows[2]).toMatch(/^\| broker-kill title +\| aws .*\| +99\.99% \|/);
    expect(text).toContain('### Hostile input, per endpoint');
    expect(text).toMatch(/\| POST \/api\/cashflow\/entries \| aws +\| +500 \| +500 \| +0 \| +0 \|/);
    expect(text).toContain('### Auth matrix');
    expect(text).toMatch(/\| no token \| 401 `TOKEN_MISSING` \| 401 `TOKEN_MISSING` \|/);
  });
});
