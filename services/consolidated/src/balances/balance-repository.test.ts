import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase } from '../../../shared/test/test-env.ts';
import { startBalancesFixture, type BalancesFixture } from '../../test/balances-fixture.ts';
import type { BalanceRepository } from './balance-repository.ts';

// The repository alone, without the broker: the inbox's primary key is what must hold.
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

describe('BalanceRepository.applyOnce', () => {
  it('applies a message delivered again, even concurrently, once', async () => {
    const messageId = randomUUID();
    const entry = { type: 'credit', amountCents: 250, date: '2026-07-01' } as const;

    const first = await Promise.all(Array.from({ length: 6 }, () => balances.applyOnce(messageId, messageType, entry)));
    const later = await balances.applyOnce(messageId, messageType, entry);

    expect(first.filter(Boolean)).toHaveLength(1);
    expect(later).toBe(false);
    expect(await balances.day('2026-07-01')).toEqual({
      date: '2026-07-01',
      creditsCents: 250,
      debitsCents: 0,
      entries: 1,
    });
    const inbox = await queryDatabase(fixture.database, 'SELECT 1 FROM inbox WHERE message_id = $1', [messageId]);
    expect(inbox).toHaveLength(1);
  });

  it('adds distinct messages of one day up, credits and debits apart', async () => {
    const date = '2026-07-02';
    const applied = await Promise.all([
      balances.applyOnce(randomUUID(), messageType, { type: 'credit', amountCents: 1000, date }),
      balances.applyOnce(randomUUID(), messageType, { type: 'credit', amountCents: 1, date }),
      balances.applyOnce(randomUUID(), messageType, { type: 'debit', amountCents: 300, date }),
    ]);

    expect(applied).toEqual([true, true, true]);
    expect(await balances.day(date)).toEqual({ date, creditsCents: 1001, debitsCents: 300, entries: 3 });
  });

  it('writes no inbox row when the balance cannot be applied, so a retry applies it', async () => {
    const messageId = randomUUID();
    const date = '2026-07-03';
    // A negative amount breaks the table's CHECK after the inbox row was inserted in the same statement.
    await expect(balances.applyOnce(messageId, messageType, { type: 'credit', amountCents: -1, date })).rejects.toThrow(
      /check constraint/,
    );
    expect(await queryDatabase(fixture.database, 'SELECT 1 FROM inbox WHERE message_id = $1', [messageId])).toEqual([]);

    expect(await balances.applyOnce(messageId, messageType, { type: 'credit', amountCents: 7, date })).toBe(true);
    expect((await balances.day(date)).creditsCents).toBe(7);
  });

  it('applies a batch in one statement, skipping the messages applied before', async () => {
    const date = '2026-07-04';
    const old = randomUUID();
    await balances.applyOnce(old, messageType, { type: 'credit', amountCents: 40, date });
    const fresh = [randomUUID(), randomUUID()];

    const applied = await balances.applyMany([
      { messageId: old, messageType, entry: { type: 'credit', amountCents: 40, date } },
      { messageId: fresh[0]!, messageType, entry: { type: 'credit', amountCents: 2, date } },
      { messageId: fresh[1]!, messageType, entry: { type: 'debit', amountCents: 3, date } },
    ]);

    expect([...applied].sort()).toEqual([...fresh].sort());
    expect(await balances.day(date)).toEqual({ date, creditsCents: 42, debitsCents: 3, entries: 3 });
  });
});
