import type { AppliedEntry, BalanceRepository, ReceivedEntry } from './balance-repository.ts';

/** Options for {@link ApplyBatcher}. */
export interface ApplyBatcherOptions {
  /** The most messages one statement applies. @default 100 */
  readonly maxBatch?: number;
}

interface Waiting extends ReceivedEntry {
  resolve(applied: boolean): void;
  reject(err: unknown): void;
}

/**
 * Applies the messages handled in the same turn of the event loop in one statement instead of one
 * each. The consumer handles up to its prefetch of messages at once, and they arrive together, so
 * under load a turn holds several; alone, a message waits one turn at most. Each caller still gets
 * its own answer, after the statement that applied its message committed, so it acks only then.
 *
 * A statement that fails applied none of its messages; each is then applied alone, so one message
 * the database refuses fails (and is retried or faulted) on its own, never with its neighbours. A
 * messageId seen twice in one turn (a redelivery racing the first delivery) waits for the next
 * turn, where the inbox decides.
 */
export class ApplyBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly balances: BalanceRepository,
    private readonly options: ApplyBatcherOptions = {},
  ) {}

  /** @returns false when the message had already been applied. */
  applyOnce(messageId: string, messageType: string, entry: AppliedEntry): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ messageId, messageType, entry, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const maxBatch = this.options.maxBatch ?? 100;
    const batch: Waiting[] = [];
    const later: Waiting[] = [];
    const ids = new Set<string>();
    for (const item of this.waiting) {
      if (batch.length < maxBatch && !ids.has(item.messageId)) {
        ids.add(item.messageId);
        batch.push(item);
      } else {
        later.push(item);
      }
    }
    this.waiting = later;
    if (later.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    void this.apply(batch);
  }

  private async apply(batch: readonly Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      await this.balances.applyOnce(only.messageId, only.messageType, only.entry).then(only.resolve, only.reject);
      return;
    }
    let applied: Set<string>;
    try {
      applied = await this.balances.applyMany(batch);
    } catch {
      // Not swallowed: each message is tried alone, and a failure that is not the batch's reaches its caller.
      await Promise.all(batch.map((item) => this.apply([item])));
      return;
    }
    for (const item of batch) item.resolve(applied.has(item.messageId));
  }
}
