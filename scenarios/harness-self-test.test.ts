import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { REPO_ROOT } from '../harness/index.ts';

const home = mkdtempSync(join(tmpdir(), 'self-test-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const harness = (args: readonly string[], timeout = 30_000) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'harness.mjs'), 'verify', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, HARNESS_HOME: home },
    encoding: 'utf8',
    timeout,
  });

/** The table's row of one defect, split into its columns. */
const row = (stdout: string, id: string) =>
  stdout
    .split('\n')
    .find((line) => line.startsWith(`${id} `))
    ?.split(/\s{2,}/);

test('harness verify --self-test seeds a compose, a template and an engine defect, and the gate catches each with its code', () => {
  const composeBefore = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  const defects = [
    'setting-changed-in-compose',
    'secret-json-key-typo',
    'desired-count-zero',
    'database-engine-downgraded',
  ];
  const result = harness(['--self-test', '--provider', 'native', '--defect', ...defects], 400_000);
  expect(result.status, `${result.stdout}\n${result.stderr.slice(-3000)}`).toBe(0);
  expect(row(result.stdout, 'setting-changed-in-compose')).toEqual([
    'setting-changed-in-compose',
    'effective-configuration',
    'CONFIG_DRIFT',
    'caught',
    expect.stringMatching(/^\d+\.\d s$/),
    'cashflow/JWT_AUDIENCE',
  ]);
  expect(row(result.stdout, 'secret-json-key-typo')?.slice(2, 4)).toEqual(['SECRET_UNRESOLVED', 'caught']);
  expect(row(result.stdout, 'desired-count-zero')?.slice(2, 4)).toEqual(['SHAPE_DRIFT', 'caught']);
  expect(row(result.stdout, 'database-engine-downgraded')?.slice(2, 4)).toEqual(['VERSION_SKEW', 'caught']);
  expect(result.stderr).toContain('4 caught, 0 missed, 0 could not run, 0 waiting (of 4)');
  // The checkout is untouched, and the servers and seeded copies are gone.
  expect(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')).toBe(composeBefore);
  const selfTestHome = join(home, 'self-test');
  expect(
    existsSync(selfTestHome) ? readdirSync(selfTestHome).filter((name) => name.startsWith('seeded-')) : [],
  ).toEqual([]);
}, 420_000);

test('--self-test refuses a defect the catalogue does not have, naming the known ones (exit 2)', () => {
  const result = harness(['--self-test', '--defect', 'no-such-defect']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('unknown defect(s) no-such-defect; known: secret-in-environment,');
});

test('--defect without --self-test is a bad flag (exit 2)', () => {
  const result = harness(['--defect', 'secret-in-environment']);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('--defect needs --self-test');
});
