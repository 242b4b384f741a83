import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase, TEST_SERVERS } from '../../../shared/test/test-env.ts';
import { startCashflowFixture, type CashflowFixture } from '../../test/cashflow-fixture.ts';
import type { Entry, NewEntry } from './entry.ts';
import { EntryRepository, type CreateEntryCommand } from './entry-repository.ts';
import { requestHash } from './request-hash.ts';

// The repository alone, without Redis in front: the database constraint is what must hold.
let fixture: CashflowFixture;
let pool: pg.Pool;
let entries: EntryRepository;

beforeAll(async () => {
  fixture = await startCashflowFixture({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' });
  const url = new URL(TEST_SERVERS.postgres);
  url.pathname = `/${fixture.database}`;
  pool = new pg.Pool({ connectionString: url.href, max: 10 });
  entries = new EntryRepository(pool);
});
afterAll(async () => {
  await pool?.end();
  await fixture?.[Symbol.asyncDispose]();
});

function command(key: string, entry: NewEntry, messageId: () => string = randomUUID): CreateEntryCommand {
  return {
    subject: 'repository-test',
    idempotencyKey: key,
    requestHash: requestHash(entry),
    entry,
    render: (e: Entry) => ({ ...e }),
    message: (e: Entry) => ({ messageId: messageId(), exchange: 'Test:EntryRegistered', payload: JSON.stringify(e) }),
  };
}

async function rowsFor(key: string) {
  const [row] = await queryDatabase<{ entries: string; outbox: string; keys: string }>(
    fixture.database,
    `SELECT (SELECT count(*) FROM entries WHERE description = $1) AS entries,
            (SELECT count(*) FROM outbox WHERE payload::jsonb ->> 'description' = $1) AS outbox,
            (SELECT count(*) FROM idempotency_keys WHERE key = $1) AS keys`,
    [key],
  );
  return row;
}

const newEntry = (description: string, amountCents = 500): NewEntry => ({
  type: 'credit',
  amountCents,
  date: '2026-06-01',
  description,
});

describe('EntryRepository.createIdempotent', () => {
  it('stores one entry, one outbox row and the answer for concurrent requests with one key', async () => {
    const key = 'race-same-body';
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => entries.createIdempotent(command(key, newEntry(key)))),
    );

    expect(answers.filter((a) => a.outcome === 'created')).toHaveLength(1);
    expect(answers.filter((a) => a.outcome === 'replayed')).toHaveLength(7);
    expect(new Set(answers.map((a) => JSON.stringify([a.status, a.body]))).size).toBe(1);
    expect(await rowsFor(key)).toEqual({ entries: '1', outbox: '1', keys: '1' });
  });

  it('answers conflict, writing nothing, for the same key with a different body, even concurrently', async () => {
    const key = 'race-other-body';
    const answers = await Promise.all([
      entries.createIdempotent(command(key, newEntry(key, 500))),
      entries.createIdempotent(command(key, newEntry(key, 600))),
    ]);

    expect(answers.map((a) => a.outcome).sort()).toEqual(['conflict', 'created']);
    expect(answers.find((a) => a.outcome === 'conflict')?.status).toBe(422);
    expect(await rowsFor(key)).toEqual({ entries: '1', outbox: '1', keys: '1' });
  });

  it('stores the answer the first request got, and the entry as that answer shows it', async () => {
    const key = 'stored-answer';
    const first = await entries.createIdempotent(command(key, newEntry(key)));
    const again = await entries.createIdempotent(command(key, newEntry(key)));

    expect(again).toEqual({ ...first, outcome: 'replayed' });
    const body = first.body as Entry;
    const [listed] = (await entries.listByDate('2026-06-01')).filter((e) => e.id === body.id);
    expect(listed).toEqual(body);
  });

  it('writes neither the entry nor the key when the outbox row cannot be written', async () => {
    const taken = randomUUID();
    await entries.createIdempotent(command('outbox-taken', newEntry('outbox-taken'), () => taken));
    const key = 'outbox-fails';

    // The same messageId again violates the outbox's unique constraint, after the key and the entry were inserted.
    await expect(entries.createIdempotent(command(key, newEntry(key), () => taken))).rejects.toThrow(/outbox/);
    expect(await rowsFor(key)).toEqual({ entries: '0', outbox: '0', keys: '0' });
    const retried = await entries.createIdempotent(command(key, newEntry(key)));
    expect(retried.outcome).toBe('created');
  });
});
