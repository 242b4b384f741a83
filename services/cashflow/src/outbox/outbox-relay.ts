import type pg from 'pg';
import type { Logger } from 'pino';
import { Backoff, delay, withTransaction, type BusPublisher } from '../../../shared/src/index.ts';

/** Options for {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  readonly pool: pg.Pool;
  readonly publisher: BusPublisher;
  readonly logger: Logger;
  /** @default 100 */
  readonly batchSize?: number;
  /** Poll for rows other instances wrote. @default 500 */
  readonly pollIntervalMs?: number;
  /**
   * A nudge this soon after the last batch waits out the rest of this window, so that under load
   * the entries committed meanwhile go out in one batch (one transaction and one confirm) instead
   * of one batch each. It bounds the delay it adds to a publish. @default 10
   */
  readonly coalesceMs?: number;
  /** @default 250 */
  readonly retryInitialMs?: number;
  /** Cap of the backoff while the broker is unreachable. @default 10000 */
  readonly retryMaxMs?: number;
  /** Published outbox rows and idempotency keys older than this are deleted. @default 7 days */
  readonly retentionMs?: number;
}

// Pruning is housekeeping: once every few minutes per instance is plenty.
const pruneEveryMs = 5 * 60 * 1000;

interface OutboxRow {
  id: string;
  message_id: string;
  exchange: string;
  payload: string;
}

/**
 * Publishes committed outbox rows with publisher confirms and stamps them published. Rows are
 * locked with SKIP LOCKED, so several instances relay side by side without publishing a row
 * twice in the normal case; a crash between confirm and stamp republishes with the same
 * messageId, which the consumer's inbox discards.
 */
export class OutboxRelay {
  private readonly stopping = new AbortController();
  private wake = new AbortController();
  private loop: Promise<void> | undefined;
  private lastPrune = 0;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Asks the relay to look now instead of at its next poll. */
  nudge(): void {
    this.wake.abort();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake.abort();
    await this.loop;
  }

  /**
   * Publishes one batch.
   *
   * @returns how many rows were published.
   */
  async relayOnce(): Promise<number> {
    return withTransaction(this.options.pool, async (client) => {
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, message_id, exchange, payload FROM outbox WHERE published_at IS NULL
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 100],
      );
      if (rows.length > 0) {
        await this.options.publisher.publish(
          rows.map((row) => ({ exchange: row.exchange, messageId: row.message_id, body: Buffer.from(row.payload) })),
        );
        await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [
          rows.map((r) => r.id),
        ]);
      }
      return rows.length;
    });
  }

  /**
   * Deletes published outbox rows and idempotency keys past the retention, so neither table
   * grows without bound. A key older than the retention no longer deduplicates a retry.
   *
   * @returns how many rows were deleted from each table.
   */
  async pruneOnce(now = new Date()): Promise<{ outbox: number; idempotencyKeys: number }> {
    const cutoff = new Date(now.getTime() - (this.options.retentionMs ?? 7 * 24 * 60 * 60 * 1000));
    const outbox = await this.options.pool.query(
      'DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $1',
      [cutoff],
    );
    const keys = await this.options.pool.query('DELETE FROM idempotency_keys WHERE created_at < $1', [cutoff]);
    return { outbox: outbox.rowCount ?? 0, idempotencyKeys: keys.rowCount ?? 0 };
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(this.options.retryInitialMs ?? 250, this.options.retryMaxMs ?? 10_000);
    const batchSize = this.options.batchSize ?? 100;
    const coalesceMs = this.options.coalesceMs ?? 10;
    let lastBatchAt = 0;
    while (!this.stopping.signal.aborted) {
      this.wake = new AbortController();
      let wait = this.options.pollIntervalMs ?? 500;
      // While the broker is down, new entries must not turn into a connect attempt each.
      let signal = AbortSignal.any([this.stopping.signal, this.wake.signal]);
      try {
        if (Date.now() - this.lastPrune > pruneEveryMs) {
          this.lastPrune = Date.now();
          await this.pruneOnce();
        }
        lastBatchAt = Date.now();
        const published = await this.relayOnce();
        backoff.reset();
        if (published === batchSize) continue;
      } catch (err) {
        wait = backoff.next();
        signal = this.stopping.signal;
        this.options.logger.warn({ err: { message: (err as Error).message }, retryInMs: wait }, 'outbox relay failed');
      }
      await delay(wait, signal);
      const sinceLastBatch = Date.now() - lastBatchAt;
      if (sinceLastBatch < coalesceMs) await delay(coalesceMs - sinceLastBatch, this.stopping.signal);
    }
  }
}
