import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A completed answer, replayed for a repeated key with the same request. */
export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
}

/** What Redis knows about a key. `unavailable`: Redis is down; the database decides. */
export type ClaimResult =
  | { readonly state: 'claimed' }
  | { readonly state: 'pending'; readonly requestHash: string }
  | { readonly state: 'completed'; readonly response: StoredResponse }
  | { readonly state: 'unavailable' };

type Stored = { state: 'pending'; requestHash: string } | ({ state: 'completed' } & StoredResponse);

/**
 * The fast path of idempotency: `SET key value NX PX ttl` claims a key atomically (and is
 * cluster-slot safe, unlike SETNX + EXPIRE). It never decides alone: the caller's database
 * unique constraint is the guarantee, so a Redis outage degrades speed, not correctness.
 */
export class RedisIdempotency {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {}

  async claim(key: string, requestHash: string): Promise<ClaimResult> {
    try {
      const pending: Stored = { state: 'pending', requestHash };
      const set = await this.redis.set(this.key(key), JSON.stringify(pending), 'PX', this.ttlMs, 'NX');
      if (set === 'OK') return { state: 'claimed' };
      const raw = await this.redis.get(this.key(key));
      if (raw === null) return { state: 'unavailable' };
      const stored = JSON.parse(raw) as Stored;
      if (stored.state === 'pending') return { state: 'pending', requestHash: stored.requestHash };
      return {
        state: 'completed',
        response: { requestHash: stored.requestHash, status: stored.status, body: stored.body },
      };
    } catch (err) {
      this.logger.debug({ err: { message: (err as Error).message } }, 'idempotency claim skipped redis');
      return { state: 'unavailable' };
    }
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    const stored: Stored = { state: 'completed', ...response };
    await this.redis.set(this.key(key), JSON.stringify(stored), 'PX', this.ttlMs).catch(() => undefined);
  }

  /** Forgets a claim whose request failed, so a retry is not told it is pending. */
  async release(key: string): Promise<void> {
    await this.redis.del(this.key(key)).catch(() => undefined);
  }

  private key(key: string): string {
    return `idempotency:${key}`;
  }
}
