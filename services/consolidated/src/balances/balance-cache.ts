import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A read-through cache for balances and reports. Every key embeds a version number; an update
 * bumps the version, which invalidates every cached read at once without scanning keys. Any
 * Redis failure reads as a miss, so the database answers when Redis is down; the TTL bounds how
 * long a lost invalidation can serve stale data.
 */
export class BalanceCache {
  private lastFailure = 0;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly ttlSeconds: number,
  ) {}

  /** Returns the cached value for `key`, or computes, stores and returns it. */
  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<T> {
    // Just after an invalidation failed, cached values may predate the update: skip them.
    if (Date.now() - this.lastFailure < this.ttlSeconds * 1000) return load();
    let version: string | null;
    try {
      version = await this.redis.get('cache:version');
      const cached = await this.redis.get(`cache:v${version ?? 0}:${key}`);
      if (cached !== null) return JSON.parse(cached) as T;
    } catch {
      return load();
    }
    const value = await load();
    await this.redis
      .set(`cache:v${version ?? 0}:${key}`, JSON.stringify(value), 'EX', this.ttlSeconds)
      .catch(() => undefined);
    return value;
  }

  /** Invalidates every cached read; called after each balance change commits. */
  async invalidate(): Promise<void> {
    try {
      await this.redis.incr('cache:version');
    } catch (err) {
      this.lastFailure = Date.now();
      this.logger.debug({ err: { message: (err as Error).message } }, 'cache invalidation failed');
    }
  }
}
