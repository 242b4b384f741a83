import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../../shared/src/index.ts';
import type { Entry, NewEntry } from './entry.ts';
import type { OutboxMessage } from './entry-registered.ts';

/** The stored answer to an idempotent request. */
export interface IdempotentResult {
  readonly outcome: 'created' | 'replayed' | 'conflict';
  readonly status: number;
  readonly body: unknown;
  readonly requestHash: string;
}

/** Options for {@link EntryRepository.createIdempotent}. */
export interface CreateEntryCommand {
  readonly subject: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly entry: NewEntry;
  /** Renders the 201 body, stored with the key so replays answer byte-for-byte the same. */
  readonly render: (entry: Entry) => unknown;
  readonly message: (entry: Entry) => OutboxMessage;
}

interface EntryRow {
  id: string;
  type: 'credit' | 'debit';
  amount_cents: string;
  entry_date: string;
  description: string;
  created_at: Date;
}

function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    type: row.type,
    amountCents: Number(row.amount_cents),
    date: row.entry_date,
    description: row.description,
    createdAt: row.created_at.toISOString(),
  };
}

/** Entries, their outbox rows and idempotency keys in `cashflow_db`. */
export class EntryRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Stores the entry, its outbox message and the idempotency key in one transaction. The key's
   * primary key serializes concurrent requests: a second insert waits for the first
   * transaction, then finds the key and replays (or rejects) instead of creating another entry.
   */
  async createIdempotent(command: CreateEntryCommand): Promise<IdempotentResult> {
    const created = await withTransaction(this.pool, async (client): Promise<IdempotentResult | undefined> => {
      const claimed = await client.query(
        `INSERT INTO idempotency_keys (subject, key, request_hash, status_code, response)
         VALUES ($1, $2, $3, 0, 'null') ON CONFLICT DO NOTHING RETURNING 1`,
        [command.subject, command.idempotencyKey, command.requestHash],
      );
      // The key exists: nothing was written, and the stored answer is read after this transaction.
      if (claimed.rowCount === 0) return undefined;
      const inserted = await client.query<EntryRow>(
        `INSERT INTO entries (id, type, amount_cents, entry_date, description, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, type, amount_cents, to_char(entry_date, 'YYYY-MM-DD') AS entry_date, description, created_at`,
        [
          randomUUID(),
          command.entry.type,
          command.entry.amountCents,
          command.entry.date,
          command.entry.description,
          command.subject,
        ],
      );
      const entry = toEntry(inserted.rows[0] as EntryRow);
      const message = command.message(entry);
      await client.query('INSERT INTO outbox (message_id, exchange, payload) VALUES ($1, $2, $3)', [
        message.messageId,
        message.exchange,
        message.payload,
      ]);
      const body = command.render(entry);
      await client.query(
        'UPDATE idempotency_keys SET status_code = 201, response = $3 WHERE subject = $1 AND key = $2',
        [command.subject, command.idempotencyKey, JSON.stringify(body)],
      );
      return { outcome: 'created', status: 201, body, requestHash: command.requestHash };
    });
    return created ?? (await this.replay(command));
  }

  /** Entries of one day, oldest first. */
  async listByDate(date: string): Promise<Entry[]> {
    const result = await this.pool.query<EntryRow>(
      `SELECT id, type, amount_cents, to_char(entry_date, 'YYYY-MM-DD') AS entry_date, description, created_at
       FROM entries WHERE entry_date = $1 ORDER BY created_at, id LIMIT 10000`,
      [date],
    );
    return result.rows.map(toEntry);
  }

  private async replay(command: CreateEntryCommand): Promise<IdempotentResult> {
    const found = await this.pool.query<{ request_hash: string; status_code: number; response: string }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE subject = $1 AND key = $2',
      [command.subject, command.idempotencyKey],
    );
    const row = found.rows[0];
    if (row === undefined) throw new Error('idempotency key vanished between insert and read');
    if (row.request_hash !== command.requestHash) {
      return { outcome: 'conflict', status: 422, body: undefined, requestHash: row.request_hash };
    }
    return {
      outcome: 'replayed',
      status: row.status_code,
      body: JSON.parse(row.response) as unknown,
      requestHash: row.request_hash,
    };
  }
}
