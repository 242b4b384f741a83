import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What a cached read is stored as: the value and the version of its scope it was loaded under. */
interface Stamped<T> {
  readonly v: string;
  readonly value: T;
}

/** The version of one cached scope: a day's balance, or every report at once. */
const balanceVersionKey = (date: string) => `cache:balance-version:${date}`;
const REPORT_VERSION_KEY = 'cache:report-version';

/**
 * A read-through cache for balances and reports, invalidated per scope: a change to one day
 * invalidates that day's balance and every report (a report may span the day), never other days'
 * balances. A write-heavy day therefore does not turn every balance read into a miss.
 *
 * Each scope has a version counter; a cached value carries the version it was loaded under and is
 * served only while that is still the current one. A read is one round trip (MGET of the version
 * and the value); a load that races an update stores a value stamped with the old version, which
 * the next read ignores, so an update is never hidden behind a stale value. Any Redis failure reads
 * as a miss, so the database answers when Redis is down; the TTL bounds how long a lost
 * invalidation can serve stale data.
 */
export class BalanceCache {
  private lastFailure = 0;
  private pending: { readonly dates: Set<string>; readonly sent: Promise<void> } | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly ttlSeconds: number,
  ) {}

  /** The balance of `date`, cached until that day changes. */
  balance<T>(date: string, load: () => Promise<T>): Promise<T> {
    return this.getOrLoad(balanceVersionKey(date), `cache:balance:${date}`, load);
  }

  /** The report from `from` to `to`, cached until any day changes. */
  report<T>(from: string, to: string, load: () => Promise<T>): Promise<T> {
    return this.getOrLoad(REPORT_VERSION_KEY, `cache:report:${from}:${to}`, load);
  }

  /**
   * Invalidates `date`'s balance and every report; called after a change to that day commits.
   * Invalidations asked for in the same turn of the event loop (the consumer applies messages in
   * batches) go to Redis together, one transaction with the report version bumped once; each caller
   * resolves once it has been sent.
   */
  invalidate(date: string): Promise<void> {
    if (this.pending === undefined) {
      const dates = new Set<string>();
      const sent = new Promise<void>((resolve) => {
        setImmediate(() => {
          this.pending = undefined;
          resolve(this.bump(dates));
        });
      });
      this.pending = { dates, sent };
    }
    this.pending.dates.add(date);
    return this.pending.sent;
  }

  private async bump(dates: ReadonlySet<string>): Promise<void> {
    try {
      const multi = this.redis.multi();
      for (const date of dates) multi.incr(balanceVersionKey(date));
      await multi.incr(REPORT_VERSION_KEY).exec();
    } catch (err) {
      this.lastFailure = Date.now();
      this.logger.debug({ err: { message: (err as Error).message } }, 'cache invalidation failed');
    }
  }

  private async getOrLoad<T>(versionKey: string, valueKey: string, load: () => Promise<T>): Promise<T> {
    // Just after an invalidation failed, cached values may predate the update: skip them.
    if (Date.now() - this.lastFailure < this.ttlSeconds * 1000) return load();
    let version: string;
    try {
      const [current, cached] = await this.redis.mget(versionKey, valueKey);
      version = current ?? '0';
      if (cached != null) {
        const stamped = JSON.parse(cached) as Stamped<T>;
        if (stamped.v === version) return stamped.value;
      }
    } catch {
      return load();
    }
    const value = await load();
    const stamped: Stamped<T> = { v: version, value };
    await this.redis.set(valueKey, JSON.stringify(stamped), 'EX', this.ttlSeconds).catch(() => undefined);
    return value;
  }
}
