import type pg from 'pg';
import { emptyDay, type DailyBalance } from './daily-balance.ts';

/** A registered entry as the consumer applies it. */
export interface AppliedEntry {
  readonly type: 'credit' | 'debit';
  readonly amountCents: number;
  readonly date: string;
}

/** One received message to apply: its inbox key and its entry. */
export interface ReceivedEntry {
  readonly messageId: string;
  readonly messageType: string;
  readonly entry: AppliedEntry;
}

interface BalanceRow {
  balance_date: string;
  credits_cents: string;
  debits_cents: string;
  entries: number;
}

function toBalance(row: BalanceRow): DailyBalance {
  return {
    date: row.balance_date,
    creditsCents: Number(row.credits_cents),
    debitsCents: Number(row.debits_cents),
    entries: row.entries,
  };
}

/** Daily balances and the inbox in `consolidated_db`. */
export class BalanceRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Applies one message exactly once, in one statement (atomic on its own, so no BEGIN/COMMIT
   * round trips): the balance upsert reads the inbox insert's row, so a duplicate messageId, whose
   * insert does nothing, changes nothing. A concurrent duplicate waits on the inbox's primary key
   * until the first commits, then does nothing.
   *
   * @returns false when the message had already been applied.
   */
  async applyOnce(messageId: string, messageType: string, entry: AppliedEntry): Promise<boolean> {
    const credit = entry.type === 'credit' ? entry.amountCents : 0;
    const debit = entry.type === 'debit' ? entry.amountCents : 0;
    const applied = await this.pool.query({
      // A named statement is parsed and planned once per connection.
      name: 'consolidated-apply-entry',
      text: `WITH received AS (
               INSERT INTO inbox (message_id, message_type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1
             )
             INSERT INTO daily_balances (balance_date, credits_cents, debits_cents, entries)
             SELECT $3, $4, $5, 1 FROM received
             ON CONFLICT (balance_date) DO UPDATE SET
               credits_cents = daily_balances.credits_cents + EXCLUDED.credits_cents,
               debits_cents = daily_balances.debits_cents + EXCLUDED.debits_cents,
               entries = daily_balances.entries + 1,
               updated_at = now()`,
      values: [messageId, messageType, entry.date, credit, debit],
    });
    return applied.rowCount === 1;
  }

  /**
   * Applies several messages with distinct messageIds in one statement: the inbox rows are inserted
   * together, and only the messages whose row was new are summed per day into the balances. All or
   * nothing: when the statement fails, no message of it was applied.
   *
   * @returns the messageIds that were applied now (the others had been applied before).
   */
  async applyMany(received: readonly ReceivedEntry[]): Promise<Set<string>> {
    const ids = received.map((r) => r.messageId);
    if (new Set(ids).size !== ids.length) throw new Error('applyMany needs distinct messageIds');
    const { rows } = await this.pool.query<{ message_id: string }>({
      name: 'consolidated-apply-entries',
      text: `WITH batch AS (
               SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::bigint[], $5::bigint[])
                 AS b (message_id, message_type, balance_date, credit, debit)
             ), received AS (
               INSERT INTO inbox (message_id, message_type) SELECT message_id, message_type FROM batch
               ON CONFLICT DO NOTHING RETURNING message_id
             ), applied AS (
               INSERT INTO daily_balances (balance_date, credits_cents, debits_cents, entries)
               SELECT balance_date, sum(credit), sum(debit), count(*)
               FROM batch JOIN received USING (message_id) GROUP BY balance_date
               ON CONFLICT (balance_date) DO UPDATE SET
                 credits_cents = daily_balances.credits_cents + EXCLUDED.credits_cents,
                 debits_cents = daily_balances.debits_cents + EXCLUDED.debits_cents,
                 entries = daily_balances.entries + EXCLUDED.entries,
                 updated_at = now()
             )
             SELECT message_id FROM received`,
      values: [
        ids,
        received.map((r) => r.messageType),
        received.map((r) => r.entry.date),
        received.map((r) => (r.entry.type === 'credit' ? r.entry.amountCents : 0)),
        received.map((r) => (r.entry.type === 'debit' ? r.entry.amountCents : 0)),
      ],
    });
    return new Set(rows.map((row) => row.message_id));
  }

  /** One day's balance; zeros when nothing was registered that day. */
  async day(date: string): Promise<DailyBalance> {
    const { rows } = await this.pool.query<BalanceRow>(
      `SELECT to_char(balance_date, 'YYYY-MM-DD') AS balance_date, credits_cents, debits_cents, entries
       FROM daily_balances WHERE balance_date = $1`,
      [date],
    );
    return rows[0] === undefined ? emptyDay(date) : toBalance(rows[0]);
  }

  /** Every day from `from` to `to` inclusive, zeros for days without entries. */
  async range(from: string, to: string): Promise<DailyBalance[]> {
    const { rows } = await this.pool.query<BalanceRow>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS balance_date,
              coalesce(b.credits_cents, 0) AS credits_cents,
              coalesce(b.debits_cents, 0) AS debits_cents,
              coalesce(b.entries, 0) AS entries
       FROM generate_series($1::date, $2::date, interval '1 day') AS d
       LEFT JOIN daily_balances b ON b.balance_date = d::date
       ORDER BY d`,
      [from, to],
    );
    return rows.map(toBalance);
  }
}
