import { describe, expect, test } from 'vitest';
import type { ParityCheck } from '../check.ts';
import type { MigrationDefect } from './migration-defect.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { runSelfTest, startFailureOf } from './run-self-test.ts';

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

  test('a start failure expected of a static check is a catalogue error', async () => {
    const failing = {
      ...defect('tls-off', 'service-shape', 'LAUNCH_SERVICE_START_FAILED'),
      startFailure: { cause: /x/ },
    };
    const result = await run([failing]);
    expect(result.outcomes.map((outcome) => [outcome.status, outcome.detail])).toEqual([
      ['error', 'a start failure needs running services; service-shape is static'],
    ]);
  });

  test('a registered check with a code that is not a finding code is a catalogue error, not a wait', async () => {
    const result = await run([defect('typo', 'service-shape', 'SHAPE_DRIFTT')]);
    expect(result.outcomes.map((outcome) => [outcome.status, outcome.detail])).toEqual([
      ['error', 'SHAPE_DRIFTT is not a finding code'],
    ]);
  });
});

describe('startFailureOf', () => {
  const cause = /no pg_hba\.conf entry .*no encryption/;
  const refused = new HarnessError(
    'LAUNCH_SERVICE_START_FAILED',
    'aws-cashflow did not become ready (the process ended (exited with code 1)); awaited HTTP GET /health/ready (2xx).\n' +
      '--- last lines of cashflow.log ---\n' +
      'error: no pg_hba.conf entry for host "127.0.0.1", user "app", database "postgres", no encryption\n',
  );

  test('names what did not start and the log line with the cause, also through a wrapping error', () => {
    const expected =
      'aws-cashflow: no pg_hba.conf entry for host "127.0.0.1", user "app", database "postgres", no encryption';
    expect(startFailureOf(refused, 'LAUNCH_SERVICE_START_FAILED', cause)).toBe(expected);
    expect(startFailureOf(new Error('up failed', { cause: refused }), 'LAUNCH_SERVICE_START_FAILED', cause)).toBe(
      expected,
    );
  });

  test('another code, another cause or a plain error is no start failure of the defect', () => {
    expect(startFailureOf(refused, 'START_FAILED', cause)).toBeUndefined();
    expect(startFailureOf(refused, 'LAUNCH_SERVICE_START_FAILED', /password authentication failed/)).toBeUndefined();
    expect(startFailureOf(new Error(refused.message), 'LAUNCH_SERVICE_START_FAILED', cause)).toBeUndefined();
  });
});
