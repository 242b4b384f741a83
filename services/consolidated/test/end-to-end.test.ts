import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatCents } from '../../shared/src/index.ts';
import { signTestToken } from '../../shared/test/test-env.ts';
import { startCashflowFixture, type CashflowFixture } from '../../cashflow/test/cashflow-fixture.ts';
import { startConsolidatedFixture, type ConsolidatedFixture } from './consolidated-fixture.ts';

let consolidated: ConsolidatedFixture;
let cashflow: CashflowFixture;
let token: string;

beforeAll(async () => {
  consolidated = await startConsolidatedFixture();
  // The consumer is bound before anything is published: a message published to an unbound
  // fanout exchange is dropped, exactly as with MassTransit.
  cashflow = await startCashflowFixture({ BUS_NAMESPACE: consolidated.namespace });
  token = await signTestToken();
});
afterAll(async () => {
  await cashflow?.[Symbol.asyncDispose]();
  await consolidated?.[Symbol.asyncDispose]();
});

const dates = Array.from({ length: 10 }, (_, i) => `2026-06-${String(i + 1).padStart(2, '0')}`);

const entryArbitrary = fc.record({
  type: fc.constantFrom('credit' as const, 'debit' as const),
  cents: fc.integer({ min: 1, max: 99_999_999 }),
  date: fc.constantFrom(...dates),
  asDecimal: fc.boolean(),
});

it('1,000 entries over 10 dates give balances equal to the cent to a reference', async () => {
  const entries = fc.sample(entryArbitrary, { numRuns: 1000, seed: 20260601 });
  expect(entries).toHaveLength(1000);
  const reference = new Map(dates.map((d) => [d, { credits: 0, debits: 0, entries: 0 }]));
  for (const e of entries) {
    const day = reference.get(e.date)!;
    if (e.type === 'credit') day.credits += e.cents;
    else day.debits += e.cents;
    day.entries += 1;
  }

  const batchSize = 50;
  for (let i = 0; i < entries.length; i += batchSize) {
    const answers = await Promise.all(
      entries.slice(i, i + batchSize).map((e, j) =>
        cashflow.service.app.inject({
          method: 'POST',
          url: '/api/cashflow/entries',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': `e2e-${i + j}` },
          payload: {
            type: e.type,
            amount: e.asDecimal ? formatCents(e.cents) : e.cents,
            date: e.date,
            description: `entry ${i + j}`,
          },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
  }

  const get = async (url: string) =>
    (await consolidated.service.app.inject({ url, headers: { authorization: `Bearer ${token}` } })).json();
  await expect
    .poll(async () => (await get(`/api/consolidated/report?from=${dates[0]}&to=${dates[9]}`)).totals.entries, {
      message: 'all 1,000 entries in the consolidated report',
      timeout: 60_000,
      interval: 250,
    })
    .toBe(1000);
  for (const date of dates) {
    const day = reference.get(date)!;
    expect(await get(`/api/consolidated/balances/${date}`)).toEqual({
      date,
      credits: formatCents(day.credits),
      debits: formatCents(day.debits),
      balance: formatCents(day.credits - day.debits),
      entries: day.entries,
    });
  }
}, 120_000);
