import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runsRoot } from './run-dir.ts';

const closed = mkdtempSync(join(tmpdir(), 'closed-home-')); // mkdtemp makes it 0700, like root's home
afterAll(() => rmSync(closed, { recursive: true, force: true }));

test('runs live under the home when other accounts can reach it', () => {
  const open = join(tmpdir(), 'some-open-home');
  expect(runsRoot(open)).toBe(join(open, 'run'));
});

test('a home under a directory others cannot enter keeps its runs in the temp dir, the same place every time', () => {
  const home = join(closed, 'checkout', '.harness');
  const root = runsRoot(home);
  expect(root.startsWith(join(tmpdir(), 'harness-runs-'))).toBe(true);
  expect(runsRoot(home)).toBe(root);
  expect(runsRoot(join(closed, 'other', '.harness'))).not.toBe(root);
});
