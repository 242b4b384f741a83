import { describe, expect, test } from 'vitest';
import type { ParityCheck } from '../check.ts';
import type { MigrationDefect } from './migration-defect.ts';
import { runSelfTest } from './run-self-test.ts';

const defect = (id: string, check: string, expected: string): MigrationDefect => ({
  id,
  title: id,
  check,
  expected,
  target: 'template',
  apply: () => {},
});

const check: ParityCheck<unknown> = { id: 'service-shape', family: 'static', title: 'shape', run: async () => [] };

describe('runSelfTest without a defect it can run', () => {
  // Nothing to deploy: no server starts, so a bogus provider and home are never touched.
  const run = (defects: MigrationDefect[]) =>
    runSelfTest({
      defects,
      checks: [check],
      contextFor: () => ({}),
      allowList: [],
      provider: 'native',
      emulator: 'moto',
      home: '/nonexistent/self-test-home',
      runId: 'unit',
      composeFile: '/nonexistent/docker-compose.yml',
      env: {},
    });

  test('a defect whose check is not registered waits for it, in catalogue order', async () => {
    const result = await run([defect('alb-rule-missing', 'routes', 'ROUTE_MISSING'), defect('b', 'network', 'X')]);
    expect(result.outcomes.map((outcome) => [outcome.defect.id, outcome.status, outcome.detail])).toEqual([
      ['alb-rule-missing', 'waiting', 'check routes is not registered'],
      ['b', 'waiting', 'check network is not registered'],
    ]);
  });

  test('a registered check with a code that is not a finding code is a catalogue error, not a wait', async () => {
    const result = await run([defect('typo', 'service-shape', 'SHAPE_DRIFTT')]);
    expect(result.outcomes.map((outcome) => [outcome.status, outcome.detail])).toEqual([
      ['error', 'SHAPE_DRIFTT is not a finding code'],
    ]);
  });
});
