import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { REPO_ROOT } from '../harness/index.ts';

const home = mkdtempSync(join(tmpdir(), 'verify-home-'));
const reports = join(home, 'reports');

afterAll(() => rmSync(home, { recursive: true, force: true }));

test('harness verify (what npm start runs) brings both profiles up, finds no defect, writes the three reports and exits 0', () => {
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'harness.mjs'), 'verify', '--provider', 'native', '--report-dir', reports],
    { cwd: REPO_ROOT, env: { ...process.env, HARNESS_HOME: home }, encoding: 'utf8', timeout: 400_000 },
  );
  expect(result.status, `${result.stdout}\n${result.stderr.slice(-3000)}`).toBe(0);
  for (const file of ['parity.json', 'parity.junit.xml', 'parity.html'])
    expect(existsSync(join(reports, file))).toBe(true);
  const report = JSON.parse(readFileSync(join(reports, 'parity.json'), 'utf8')) as {
    outcome: string;
    checks: { id: string; status: string }[];
    load: unknown[];
    screenshots: { profile: string; path: string }[];
  };
  expect(report.outcome).toBe('holds');
  expect(report.checks.map((c) => c.id)).toEqual(
    expect.arrayContaining(['effective-configuration', 'differential-traffic', 'load-smoke', 'browser']),
  );
  expect(report.load).toHaveLength(2);
  // The browser check's screenshots are files next to the report, and embedded in the HTML.
  expect(report.screenshots.map((shot) => [shot.profile, shot.path])).toEqual([
    ['compose', 'screenshots/compose-registered.png'],
    ['aws', 'screenshots/aws-registered.png'],
  ]);
  for (const shot of report.screenshots) expect(existsSync(join(reports, shot.path))).toBe(true);
  expect(readFileSync(join(reports, 'parity.html'), 'utf8').match(/src="data:image\/png;base64,/g)).toHaveLength(2);
  expect(result.stdout).toContain('holds (exit 0)');
  // The stack is gone: its home holds no run any more.
  expect(existsSync(join(home, 'harness.pid'))).toBe(false);
}, 420_000);
