import { describe, expect, test } from 'vitest';
import type { MigrationDefect } from './migration-defect.ts';
import type { DefectOutcome } from './run-self-test.ts';
import { selfTestExitCode } from './self-test-exit-code.ts';
import { formatSelfTestTable } from './self-test-table.ts';

const defect = (id: string, check: string, expected: string): MigrationDefect => ({
  id,
  title: id,
  check,
  expected,
  target: 'template',
  apply: () => {},
});
const CAUGHT: DefectOutcome = {
  defect: defect('wrong-port', 'service-shape', 'SHAPE_DRIFT'),
  status: 'caught',
  detail: 'cashflow/containerPort',
  durationMs: 3120,
};
const WAITING: DefectOutcome = {
  defect: defect('alb-rule-missing', 'routes', 'ROUTE_MISSING'),
  status: 'waiting',
  detail: 'check routes is not registered',
  durationMs: 0,
};
const MISSED: DefectOutcome = { ...CAUGHT, status: 'missed', detail: 'no new finding' };

describe('formatSelfTestTable', () => {
  test('one row per defect: check, expected code, caught?, time; a waiting one says what it waits for', () => {
    expect(formatSelfTestTable([CAUGHT, WAITING])).toMatchInlineSnapshot(`
      "DEFECT            CHECK          EXPECTED       CAUGHT?  TIME   DETAIL
      wrong-port        service-shape  SHAPE_DRIFT    caught   3.1 s  cashflow/containerPort
      alb-rule-missing  routes         ROUTE_MISSING  waiting  -      waiting: check routes is not registered"
    `);
  });
});

describe('selfTestExitCode', () => {
  test('0 when every defect is caught', () => expect(selfTestExitCode([CAUGHT])).toBe(0));
  test('2 when one waits for a check not registered, though the others are caught', () =>
    expect(selfTestExitCode([CAUGHT, WAITING])).toBe(2));
  test('1 when the gate missed one, even with others waiting', () =>
    expect(selfTestExitCode([MISSED, WAITING])).toBe(1));
  test('2 when one could not run', () =>
    expect(selfTestExitCode([CAUGHT, { ...CAUGHT, status: 'error', detail: 'deploy failed' }])).toBe(2));
});
