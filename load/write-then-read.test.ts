import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeThenRead, writeThenReadKilled } from './scenarios.ts';
import { startOwnStack, type OwnStack } from './runner/own-stack.ts';
import { runWriteThenRead } from './runner/write-then-read-runner.ts';
import { writeThenReadSummary } from './runner/write-then-read-summary.ts';

// Short real runs of the write-then-read scenarios against a compose stack of their own: the
// services, nginx, PostgreSQL, RabbitMQ and Redis as `harness up` starts them.
let stack: OwnStack | undefined;
beforeAll(async () => {
  stack = await startOwnStack('compose');
}, 420_000);
afterAll(async () => {
  await stack?.stop();
}, 120_000);

describe('write-then-read against a real stack', () => {
  test('every accepted entry shows in its balance, and the lag is measured for each', async () => {
    // WHEN 20 entries per second for 8 s
    const scenario = { ...writeThenRead, writeRate: 20, durationSeconds: 8, settleSeconds: 30 };
    const run = await runWriteThenRead(scenario, stack!.target);
    const summary = writeThenReadSummary(run, 'compose');
    // THEN all 160 arrivals are sent and accepted, none is lost, and each has a lag
    expect(run.scheduled).toBe(160);
    expect(run.written).toBe(run.scheduled);
    expect(run.lost).toBe(0);
    expect(run.lag.count).toBe(run.written);
    // the lag is a real figure: above zero (a read follows the 201), p50 at most p99, within the settle time
    const lag = summary.consolidation.lagMs;
    expect(lag.med).toBeGreaterThan(0);
    expect(lag.med).toBeLessThanOrEqual(lag['p(99)']!);
    expect(lag['p(99)']).toBeLessThan(scenario.settleSeconds * 1000);
    expect(summary.metrics.entries_lost?.thresholds?.['count==0']).toEqual({ ok: true });
    expect(summary.metrics.consolidation_lag?.values['p(99)']).toBe(lag['p(99)']);
  });

  test('with consolidated killed and restarted, nothing is lost and the catch-up is measured', async () => {
    // WHEN 20 entries per second for 12 s, consolidated killed at 3 s and started again 3 s later
    const scenario = {
      ...writeThenReadKilled,
      writeRate: 20,
      durationSeconds: 12,
      kill: { atSecond: 3, downSeconds: 3 },
    };
    const run = await runWriteThenRead(scenario, stack!.target, { consolidated: stack!.consolidated });
    const summary = writeThenReadSummary(run, 'compose');
    // THEN writes went on while it was down (cashflow and the broker hold them), and none is lost
    expect(run.written).toBe(run.scheduled);
    expect(run.lost).toBe(0);
    expect(run.lag.count).toBe(run.written);
    const outage = run.outage!;
    expect(outage.recoveredAtMs - outage.injectedAtMs).toBeGreaterThanOrEqual(3_000);
    expect(outage.writtenWhileDown).toBeGreaterThan(0);
    // an entry written just after the kill waited for the restart: the worst lag spans most of the outage
    expect(summary.consolidation.lagMs.max).toBeGreaterThan(outage.recoveredAtMs - outage.injectedAtMs - 1_000);
    expect(outage.catchUpMs).toBeGreaterThanOrEqual(0);
    expect(outage.catchUpMs).toBeLessThan(scenario.settleSeconds * 1000);
    expect(summary.ok).toBe(true);
  });
});
