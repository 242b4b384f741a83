import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StartedStack } from '../../../harness/index.ts';
import { addDays } from '../../../load/scenarios.ts';
import { startScenarioStack } from '../../support/start-scenario-stack.ts';
import {
  brokerCut,
  brokerKill,
  brokerLatency,
  brokerStall,
  consolidatedKill,
  consumerCrash,
  postgresRestart,
  redisKill,
  routeConsolidatedBrokerThroughProxy,
  type ProxiedBroker,
} from './profile-faults.ts';
import { runFaultUnderLoad, type FaultRun } from './run-fault-under-load.ts';

type Profile = 'compose' | 'aws';

/** Each fault writes its own block of days, so one stack serves every fault of the file. */
const firstDate = (n: number) => addDays('2200-01-01', n * 1000);

const progress = (line: string) => {
  if (/ \d*0s /.test(line)) process.stderr.write(`  ${line}\n`);
};

/** Nothing lost, nothing counted twice, and every day's balance equal to the test's own sum. */
function expectExactLedger({ report, ledger, settled }: FaultRun): void {
  expect(report.entriesAcknowledged).toBeGreaterThan(0);
  expect(ledger.mismatchedDays).toEqual([]);
  expect({ lost: ledger.lost, duplicated: ledger.duplicated, settled }).toEqual({
    lost: 0,
    duplicated: 0,
    settled: true,
  });
}

/**
 * The fault suite of one profile: one stack for the file, each fault under 200 entries/s and 30
 * reads/s, then the exact ledger check in the profile's PostgreSQL.
 */
export function describeFaults(profile: Profile): void {
  let stack: StartedStack;
  beforeAll(async () => {
    stack = await startScenarioStack(profile);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('consolidated SIGKILLed for 30 s: every write answered 201, every entry applied once after the restart', async () => {
    const result = await runFaultUnderLoad(stack, profile, consolidatedKill(stack, profile), firstDate(0), progress);
    expectExactLedger(result);
    expect(result.report.availability).toBe(1);
    expect(result.run.outage?.writtenWhileDown).toBeGreaterThan(0);
    expect(result.report.recoveryMs).not.toBeNull();
  });

  test('broker SIGKILLed for 30 s: cashflow keeps accepting (outbox), everything delivered once after the restart', async () => {
    const result = await runFaultUnderLoad(stack, profile, brokerKill(stack, profile), firstDate(1), progress);
    expectExactLedger(result);
    expect(result.report.availability).toBe(1);
    expect(result.run.outage?.writtenWhileDown).toBeGreaterThan(0);
    expect(result.report.recoveryMs).not.toBeNull();
  });

  test('Redis SIGKILLed: reads and idempotency fall back to PostgreSQL, no duplicate entries', async () => {
    const fault = redisKill(stack, profile, firstDate(2));
    const result = await runFaultUnderLoad(stack, profile, fault, firstDate(2), progress);
    expectExactLedger(result);
    // a key sent twice while Redis was down: the second is the first's replay, from the database's constraint
    expect(fault.retried).toHaveLength(5);
    for (const { answers } of fault.retried) {
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers[1]?.id).toBe(answers[0]?.id);
    }
    expect(result.report.availability).toBe(1);
    expect(result.report.errorRate.reads).toBe(0);
  });

  test('PostgreSQL restarted: the consumer retries, nothing lost or applied twice', async () => {
    const result = await runFaultUnderLoad(stack, profile, postgresRestart(stack, profile), firstDate(3), progress);
    expectExactLedger(result);
    expect(result.report.recoveryMs).not.toBeNull();
  });

  test('consumer crash between apply and ack (injected): the redelivered message is applied once', async () => {
    const fault = consumerCrash(stack, profile);
    const result = await runFaultUnderLoad(stack, profile, fault, firstDate(4), progress);
    expect(fault.crashObserved()).toBe(true);
    expectExactLedger(result);
    expect(result.report.availability).toBe(1);
  });

  describe("network faults on consolidated's broker link (TCP fault proxy)", () => {
    let proxied: ProxiedBroker;
    beforeAll(async () => {
      proxied = await routeConsolidatedBrokerThroughProxy(stack, profile);
    });
    afterAll(async () => {
      await proxied?.restore();
    });

    test('200 ms latency each way for 20 s: slower, nothing lost or applied twice', async () => {
      const result = await runFaultUnderLoad(stack, profile, brokerLatency(proxied.proxy), firstDate(5), progress);
      expectExactLedger(result);
      expect(result.report.availability).toBe(1);
    });

    test('stalled for 20 s: the backlog is delivered once the bytes flow again', async () => {
      const result = await runFaultUnderLoad(stack, profile, brokerStall(proxied.proxy), firstDate(6), progress);
      expectExactLedger(result);
      expect(result.report.availability).toBe(1);
    });

    test('cut for 20 s: the consumer reconnects, unacked messages come again and are applied once', async () => {
      const before = proxied.proxy.connections;
      const result = await runFaultUnderLoad(stack, profile, brokerCut(proxied.proxy), firstDate(7), progress);
      expectExactLedger(result);
      expect(result.report.availability).toBe(1);
      expect(proxied.proxy.connections).toBeGreaterThan(before);
    });
  });
}
