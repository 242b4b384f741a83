/**
 * k6 script for the write-then-read scenarios of load/scenarios.ts: entries at a constant arrival
 * rate, each followed by reads of its day's balance until the balance shows it.
 *
 *   k6 run -e SCENARIO=write-then-read -e BASE_URL=$GW -e TOKEN=$TOKEN load/k6/write-then-read.ts
 *
 * Each entry is the only one of its day (load/scenarios.ts `entryOf`), so a balance that shows it
 * proves consolidation applied it. `consolidation_lag` is the time from the 201 to that read
 * (resolution: the scenario's poll interval); `entries_lost` counts entries no read showed within
 * the settle time. k6 cannot kill a service: for write-then-read-killed, kill and restart
 * consolidated yourself mid-run (the Node runner does it with --own-stack).
 */
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { sleep } from 'k6';
import { entriesFirstDate, entryOf, writeThenReadScenarios, type WriteThenReadScenario } from '../scenarios.ts';

const scenario: WriteThenReadScenario | undefined = writeThenReadScenarios[__ENV.SCENARIO ?? 'write-then-read'];
if (scenario === undefined) {
  throw new Error(`SCENARIO must be one of ${Object.keys(writeThenReadScenarios).join(', ')}`);
}
const baseUrl = (__ENV.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const authorization = `Bearer ${__ENV.TOKEN ?? ''}`;
// Every VU must write to the same range of days: the first day comes from the run's start time.
const firstDate = __ENV.FIRST_DATE ?? entriesFirstDate((Math.floor(Date.now() / 3_600_000) % 1_000) / 1_000);

const lag = new Trend('consolidation_lag', true);
const lost = new Counter('entries_lost');
const written = new Counter('entries_written');

export const options: Options = {
  scenarios: {
    [scenario.name]: {
      executor: 'constant-arrival-rate',
      rate: scenario.writeRate,
      timeUnit: '1s',
      duration: `${scenario.durationSeconds}s`,
      preAllocatedVUs: scenario.preAllocatedVUs,
      maxVUs: scenario.maxVUs,
      // An iteration reads until its entry shows or the settle time passes.
      gracefulStop: `${scenario.settleSeconds}s`,
    },
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)'],
  thresholds: Object.fromEntries(Object.entries(scenario.thresholds).map(([metric, list]) => [metric, [...list]])),
};

export default function (): void {
  const s = scenario!;
  const i = exec.scenario.iterationInTest;
  const entry = entryOf(firstDate, i);
  const response = http.post(`${baseUrl}/api/cashflow/entries`, JSON.stringify(entry), {
    headers: { authorization, 'content-type': 'application/json', 'idempotency-key': `${firstDate}-${i}` },
    tags: { name: 'entry' },
  });
  if (response.status !== 201) return;
  written.add(1);
  const acceptedAt = Date.now();
  const giveUpAt = acceptedAt + s.settleSeconds * 1000;
  while (Date.now() < giveUpAt) {
    const read = http.get(`${baseUrl}/api/consolidated/balances/${entry.date}`, {
      headers: { authorization },
      tags: { name: 'balance' },
      // Reads of a pending entry are expected to miss; they are not the writes' failures.
      responseCallback: http.expectedStatuses({ min: 200, max: 599 }),
    });
    if (read.status === 200) {
      const day = read.json() as { entries?: number; credits?: string };
      if ((day.entries ?? 0) >= 1 && Math.round(Number(day.credits ?? '0') * 100) >= entry.amount) {
        lag.add(Date.now() - acceptedAt);
        return;
      }
    }
    sleep(s.pollIntervalMs / 1000);
  }
  lost.add(1);
}
