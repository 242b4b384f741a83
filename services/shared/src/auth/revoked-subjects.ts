import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisConfig } from '../config/redis-config.ts';

/**
 * The Redis hash (subject -> deletion time in epoch seconds) and the pub/sub channel every service
 * shares for revoked subjects. Deliberately outside the services' own key prefixes: auth writes it,
 * cashflow and consolidated read it.
 */
export const REVOKED_SUBJECTS_KEY = 'cashflow:revoked-subjects';

/** What a token check asks: was this subject revoked after the token was issued? */
export interface RevocationCheck {
  /** True when `subject` was deleted at or after `issuedAtSeconds` (a token without `iat` counts as issued at 0). */
  isRevoked(subject: string, issuedAtSeconds: number | undefined): boolean;
}

/** Options of {@link RevokedSubjects.connect}. */
export interface RevokedSubjectsOptions {
  readonly redis: RedisConfig;
  readonly logger: Logger;
  /** @default {@link REVOKED_SUBJECTS_KEY}; tests use keys of their own on a shared Redis */
  readonly key?: string;
}

/**
 * Revoked subjects held in process memory, so a token check costs a Map lookup and never a Redis
 * round trip on the request path (docs/performance.md: the JWT check was most of a cached balance
 * read). The set is loaded when the subscription is ready (at start and after every reconnect) and
 * kept current by the channel auth publishes each deletion on; it only grows, as revocations are
 * rare, and entries older than the longest token lifetime could be dropped by whoever rotates keys.
 *
 * While Redis is down the set keeps what it had: a deletion made during the outage is enforced
 * once the subscription is back (its `ready` reloads the hash). A process that starts while Redis
 * is down enforces nothing until then; tokens live at most JWT_TTL_SECONDS, which bounds that window.
 */
export class RevokedSubjects implements RevocationCheck {
  private readonly revokedAt = new Map<string, number>();
  private lastWarned = 0;
  private markLoaded!: () => void;
  /** Resolves once the hash has been loaded after the subscription became ready (tests wait on it). */
  readonly loaded: Promise<void>;

  private constructor(
    private readonly key: string,
    private readonly subscriber: Redis,
    private readonly reader: Redis,
    private readonly logger: Logger,
  ) {
    this.loaded = new Promise((resolve) => {
      this.markLoaded = resolve;
    });
  }

  /** Connects in the background; the set fills when Redis answers. */
  static connect(options: RevokedSubjectsOptions): RevokedSubjects {
    const key = options.key ?? REVOKED_SUBJECTS_KEY;
    const client = (name: string) =>
      new Redis(options.redis.url, {
        ...(options.redis.authToken === undefined ? {} : { password: options.redis.authToken }),
        connectionName: name,
        connectTimeout: 2_000,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5_000),
      });
    const revoked = new RevokedSubjects(
      key,
      client('revoked-subjects-sub'),
      client('revoked-subjects-read'),
      options.logger,
    );
    revoked.start();
    return revoked;
  }

  isRevoked(subject: string, issuedAtSeconds: number | undefined): boolean {
    const at = this.revokedAt.get(subject);
    return at !== undefined && (issuedAtSeconds ?? 0) <= at;
  }

  private start(): void {
    this.subscriber.on('message', (_channel: string, message: string) => this.apply(message));
    // Subscribe first, then load: a deletion published between the two is in one or the other.
    this.subscriber.on('ready', () => void this.reload());
    for (const connection of [this.subscriber, this.reader]) {
      connection.on('error', (err: Error) => {
        if (Date.now() - this.lastWarned < 30_000) return;
        this.lastWarned = Date.now();
        this.logger.warn(
          { err: { message: err.message } },
          'redis unavailable: revoked subjects are not refreshed until it is back',
        );
      });
    }
    void this.subscriber.subscribe(this.key).catch(() => undefined);
  }

  private async reload(): Promise<void> {
    try {
      const all = await this.reader.hgetall(this.key);
      for (const [subject, at] of Object.entries(all)) this.set(subject, Number(at));
      this.logger.info({ revoked: this.revokedAt.size }, 'revoked subjects loaded');
      this.markLoaded();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'could not load revoked subjects');
    }
  }

  /** A published revocation: `<epoch seconds> <subject>`. */
  private apply(message: string): void {
    const space = message.indexOf(' ');
    if (space <= 0) return;
    this.set(message.slice(space + 1), Number(message.slice(0, space)));
  }

  private set(subject: string, at: number): void {
    if (!Number.isFinite(at)) return;
    this.revokedAt.set(subject, Math.max(at, this.revokedAt.get(subject) ?? 0));
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.reader.disconnect();
  }
}

/**
 * Records that `subject` was deleted now: in the shared hash, then on the channel. Returns the
 * revocation time (epoch seconds). Tokens issued in that same second are revoked too.
 */
export async function revokeSubject(redis: Redis, subject: string, key = REVOKED_SUBJECTS_KEY): Promise<number> {
  const at = Math.floor(Date.now() / 1000);
  await redis.hset(key, subject, String(at));
  await redis.publish(key, `${at} ${subject}`);
  return at;
}
