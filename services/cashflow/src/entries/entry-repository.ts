import { randomUUID } from 'node:crypto';
import type pg from 'pg';
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

/**
 * Claims the key, stores the entry, its outbox row and the answer in one statement: a statement is
 * atomic on its own, so no BEGIN/COMMIT round trips are needed. Each step reads the row the one
 * before it returned, so when the key already exists (ON CONFLICT DO NOTHING returns no row),
 * nothing at all is written. A concurrent claim of the same key waits on the primary key until the
 * first statement commits, then does nothing.
 */
const createEntrySql = `
  WITH claimed AS (
    INSERT INTO idempotency_keys (subject, key, request_hash, status_code, response)
    VALUES ($1, $2, $3, 201, $4) ON CONFLICT DO NOTHING RETURNING subject
  ), entry AS (
    INSERT INTO entries (id, type, amount_cents, entry_date, description, created_by, created_at)
    SELECT $5, $6, $7, $8, $9, subject, $10 FROM claimed RETURNING id
  )
  INSERT INTO outbox (message_id, exchange, payload) SELECT $11, $12, $13 FROM entry`;

/** Entries, their outbox rows and idempotency keys in `cashflow_db`. */
export class EntryRepository {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Stores the entry, its outbox message and the idempotency key with its answer atomically, in one
   * round trip. The entry is built here (id and creation time included), so its answer and message
   * are rendered before the write. The key's primary key serializes concurrent requests: a second
   * claim waits for the first, then finds the key and replays (or rejects) instead of creating
   * another entry.
   */
  async createIdempotent(command: CreateEntryCommand): Promise<IdempotentResult> {
    const entry: Entry = { id: randomUUID(), ...command.entry, createdAt: new Date().toISOString() };
    const body = command.render(entry);
    const message = command.message(entry);
    const created = await this.pool.query({
      // A named statement is parsed and planned once per connection.
      name: 'cashflow-create-entry',
      text: createEntrySql,
      values: [
        command.subject,
        command.idempotencyKey,
        command.requestHash,
        JSON.stringify(body),
        entry.id,
        entry.type,
        entry.amountCents,
        entry.date,
        entry.description,
        entry.createdAt,
        message.messageId,
        message.exchange,
        message.payload,
      ],
    });
    if (created.rowCount === 1) return { outcome: 'created', status: 201, body, requestHash: command.requestHash };
    // The key exists: the statement wrote nothing. Its answer is read with a fresh snapshot, which
    // sees a claim that committed while this statement waited for it.
    return this.replay(command);
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
