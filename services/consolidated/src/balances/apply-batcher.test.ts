import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../../../shared/test/test-env.ts';
import { startBalancesFixture, type BalancesFixture } from '../../test/balances-fixture.ts';
import { ApplyBatcher } from './apply-batcher.ts';
import type { BalanceRepository } from './balance-repository.ts';

let fixture: BalancesFixture;
let balances: BalanceRepository;
const messageType = 'urn:message:Test:EntryRegistered';

beforeAll(async () => {
  fixture = await startBalancesFixture();
  balances = fixture.balances;
});
afterAll(async () => {
  await fixture?.[Symbol.asyncDispose]();
});

const inboxRows = async (ids: string[]) =>
  (await queryDatabase(fixture.database, 'SELECT 1 FROM inbox WHERE message_id = ANY($1::uuid[])', [ids])).length;

describe('ApplyBatcher', () => {
  it('applies the messages of one turn once each, a redelivery in the same turn included', async () => {
    const batcher = new ApplyBatcher(balances);
    const date = '2026-08-01';
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const duplicated = ids[0] as string;

    const answers = await Promise.all([
      ...ids.map((id, i) => batcher.applyOnce(id, messageType, { type: 'credit', amountCents: 100 + i, date })),
      batcher.applyOnce(duplicated, messageType, { type: 'credit', amountCents: 100, date }),
    ]);

    // Either copy of the duplicated message may be the one applied (two statements race for its inbox key); exactly one is.
    expect(answers.slice(1, ids.length)).toEqual(ids.slice(1).map(() => true));
    expect([answers[0], answers[ids.length]].filter(Boolean)).toHaveLength(1);
    expect(await balances.day(date)).toEqual({ date, creditsCents: 1045, debitsCents: 0, entries: 10 });
    expect(await inboxRows(ids)).toBe(10);
  });

  it('answers false for messages applied before, and applies the new ones of the same batch', async () => {
    const batcher = new ApplyBatcher(balances);
    const date = '2026-08-02';
    const old = randomUUID();
    await balances.applyOnce(old, messageType, { type: 'debit', amountCents: 5, date });
    const fresh = randomUUID();

    const answers = await Promise.all([
      batcher.applyOnce(old, messageType, { type: 'debit', amountCents: 5, date }),
      batcher.applyOnce(fresh, messageType, { type: 'debit', amountCents: 7, date }),
    ]);

    expect(answers).toEqual([false, true]);
    expect(await balances.day(date)).toEqual({ date, creditsCents: 0, debitsCents: 12, entries: 2 });
  });

  it('fails only the message the database refuses, and applies its neighbours', async () => {
    const batcher = new ApplyBatcher(balances);
    const good = [randomUUID(), randomUUID()];
    const bad = randomUUID();

    const answers = await Promise.allSettled([
      batcher.applyOnce(good[0] as string, messageType, { type: 'credit', amountCents: 10, date: '2026-08-03' }),
      // A negative credit on a day of its own breaks the table's CHECK: the batch statement fails.
      batcher.applyOnce(bad, messageType, { type: 'credit', amountCents: -1, date: '2026-08-04' }),
      batcher.applyOnce(good[1] as string, messageType, { type: 'credit', amountCents: 20, date: '2026-08-03' }),
    ]);

    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await balances.day('2026-08-03')).creditsCents).toBe(30);
    expect(await inboxRows([bad])).toBe(0);
    expect(await inboxRows(good)).toBe(2);
  });
});
