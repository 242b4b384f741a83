import pg from 'pg';
import type { AcknowledgedEntry } from '../../../load/runner/write-then-read-runner.ts';

/** What the ledger of one run holds, read straight from the profile's PostgreSQL. */
export interface LedgerResult {
  /** Distinct entries answered 201 (a key retried and answered twice counts once). */
  readonly acknowledged: number;
  /** Acknowledged entries missing from `cashflow_db`, or whose message consolidated never applied. */
  readonly lost: number;
  /**
   * Entries stored or applied more than once: extra rows in `entries` for one request, extra
   * outbox messages for one entry, more than one applied message per entry, and day counts above
   * the entries of the day.
   */
  readonly duplicated: number;
  /** Entries committed in `cashflow_db` whose write was not answered 201 (a timeout, a 5xx after the commit). */
  readonly unacknowledgedCommitted: number;
  /** Days whose balance (credits, debits, entries) differs from the independent sum. */
  readonly mismatchedDays: readonly DayMismatch[];
}

export interface DayMismatch {
  readonly date: string;
  readonly expected: DaySum;
  readonly actual: DaySum;
}

interface DaySum {
  creditsCents: number;
  debitsCents: number;
  entries: number;
}

/** Connection URIs of the two databases the ledger lives in. */
export interface LedgerDatabases {
  readonly cashflowUri: string;
  readonly consolidatedUri: string;
}

interface EntryRow {
  id: string;
  date: string;
  type: 'credit' | 'debit';
  amount_cents: string;
  description: string;
}

/**
 * Checks a run's ledger exactly. Every acknowledged entry must be in `cashflow_db` once, with one
 * outbox message, applied once in `consolidated_db` (its inbox), and each day's balance must equal
 * the test's own sum of that day's acknowledged entries (plus, entry by entry from `cashflow_db`,
 * any committed write whose answer was lost: those must be counted once too, never twice).
 * `days` must hold no entries but the run's.
 */
export async function checkLedger(
  databases: LedgerDatabases,
  acknowledged: readonly AcknowledgedEntry[],
  days: readonly string[],
): Promise<LedgerResult> {
  const entries = await query<EntryRow>(
    databases.cashflowUri,
    `SELECT id::text, to_char(entry_date, 'YYYY-MM-DD') AS date, type, amount_cents::text, description
     FROM entries WHERE entry_date = ANY($1::date[])`,
    [days],
  );
  const ids = entries.map((row) => row.id);
  const outbox = await query<{ message_id: string; entry_id: string }>(
    databases.cashflowUri,
    `SELECT message_id::text, entry_id FROM (
       SELECT message_id, payload::jsonb #>> '{message,entryId}' AS entry_id FROM outbox
       WHERE created_at > now() - interval '1 hour') o
     WHERE entry_id = ANY($1::text[])`,
    [ids],
  );
  const applied = new Set(
    (
      await query<{ message_id: string }>(
        databases.consolidatedUri,
        'SELECT message_id::text FROM inbox WHERE message_id = ANY($1::uuid[])',
        [outbox.map((row) => row.message_id)],
      )
    ).map((row) => row.message_id),
  );
  const balances = await query<{ date: string; credits_cents: string; debits_cents: string; entries: number }>(
    databases.consolidatedUri,
    `SELECT to_char(balance_date, 'YYYY-MM-DD') AS date, credits_cents::text, debits_cents::text, entries
     FROM daily_balances WHERE balance_date = ANY($1::date[])`,
    [days],
  );

  const acknowledgedById = new Map(acknowledged.map((entry) => [entry.id, entry]));
  const rowsById = new Map(entries.map((row) => [row.id, row]));
  const messagesByEntry = new Map<string, string[]>();
  for (const row of outbox)
    messagesByEntry.set(row.entry_id, [...(messagesByEntry.get(row.entry_id) ?? []), row.message_id]);
  const appliedTimes = (entryId: string) => (messagesByEntry.get(entryId) ?? []).filter((m) => applied.has(m)).length;

  let lost = 0;
  for (const id of acknowledgedById.keys()) {
    if (!rowsById.has(id) || appliedTimes(id) === 0) lost++;
  }
  // One request is one description (the runner numbers them): two rows with one description are a duplicate write.
  const perDescription = new Map<string, number>();
  for (const row of entries) perDescription.set(row.description, (perDescription.get(row.description) ?? 0) + 1);
  let duplicated = [...perDescription.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  for (const row of entries) {
    duplicated += Math.max(0, (messagesByEntry.get(row.id) ?? []).length - 1);
    duplicated += Math.max(0, appliedTimes(row.id) - 1);
  }

  // The independent sum: the test's own amounts for what it was answered, the stored ones for the rest.
  const expected = new Map<string, DaySum>(days.map((day) => [day, { creditsCents: 0, debitsCents: 0, entries: 0 }]));
  const add = (date: string, type: 'credit' | 'debit', cents: number) => {
    const sum = expected.get(date) ?? { creditsCents: 0, debitsCents: 0, entries: 0 };
    if (type === 'credit') sum.creditsCents += cents;
    else sum.debitsCents += cents;
    sum.entries += 1;
    expected.set(date, sum);
  };
  for (const entry of acknowledgedById.values()) add(entry.date, entry.type, entry.amountCents);
  let unacknowledgedCommitted = 0;
  for (const row of entries) {
    if (acknowledgedById.has(row.id)) continue;
    unacknowledgedCommitted++;
    add(row.date, row.type, Number(row.amount_cents));
  }
  const actualByDay = new Map(
    balances.map((row) => [
      row.date,
      { creditsCents: Number(row.credits_cents), debitsCents: Number(row.debits_cents), entries: row.entries },
    ]),
  );
  const mismatchedDays: DayMismatch[] = [];
  for (const [date, sum] of expected) {
    const actual = actualByDay.get(date) ?? { creditsCents: 0, debitsCents: 0, entries: 0 };
    if (
      actual.creditsCents !== sum.creditsCents ||
      actual.debitsCents !== sum.debitsCents ||
      actual.entries !== sum.entries
    ) {
      mismatchedDays.push({ date, expected: sum, actual });
      duplicated += Math.max(0, actual.entries - sum.entries);
    }
  }
  return { acknowledged: acknowledgedById.size, lost, duplicated, unacknowledgedCommitted, mismatchedDays };
}

/** Ids of every entry stored on `days` in `cashflow_db`, acknowledged or not. */
export async function entryIdsOn(databases: LedgerDatabases, days: readonly string[]): Promise<string[]> {
  const rows = await query<{ id: string }>(
    databases.cashflowUri,
    'SELECT id::text FROM entries WHERE entry_date = ANY($1::date[])',
    [days],
  );
  return rows.map((row) => row.id);
}

/** The outbox message ids of entries (an entry has one unless it was duplicated). */
export async function messageIdsOf(databases: LedgerDatabases, entryIds: readonly string[]): Promise<string[]> {
  const outbox = await query<{ message_id: string }>(
    databases.cashflowUri,
    `SELECT message_id::text FROM (
       SELECT message_id, payload::jsonb #>> '{message,entryId}' AS entry_id FROM outbox
       WHERE created_at > now() - interval '1 hour') o
     WHERE entry_id = ANY($1::text[])`,
    [entryIds],
  );
  return outbox.map((row) => row.message_id);
}

/** How many of the messages consolidated has applied (found in its inbox): what the catch-up and settle waits poll. */
export async function appliedCount(databases: LedgerDatabases, messageIds: readonly string[]): Promise<number> {
  const rows = await query<{ n: string }>(
    databases.consolidatedUri,
    'SELECT count(*)::text AS n FROM inbox WHERE message_id = ANY($1::uuid[])',
    [messageIds],
  );
  return Number(rows[0]?.n ?? '0');
}

/** One query on a connection of its own: the fault may have restarted the server since the last one. */
async function query<R extends pg.QueryResultRow>(uri: string, text: string, values: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: uri, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
