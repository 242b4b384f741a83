/** What a verified token proved: its subject, until it expires. */
interface Verified {
  readonly subject: string;
  /** `iat` in epoch seconds, for the revocation check every request still makes. */
  readonly issuedAt: number | undefined;
  readonly expiresAtMs: number;
}

/**
 * Tokens already verified, by their whole compact form (signature included), so a client's next
 * request with the same token skips the signature check, which was most of a cached balance read's
 * CPU. Only a token that passed every check is remembered, and only until its `exp`; the keys are
 * fixed for the life of the process, so nothing a cached answer relied on can change except a
 * deletion of its subject, which callers check on every hit (with `issuedAt`). Bounded:
 * when full it is emptied, so memory stays constant whatever the tokens.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly capacity = 10_000) {}

  /** What `token` proved when it was verified before and has not expired since. */
  lookup(token: string, nowMs = Date.now()): { subject: string; issuedAt: number | undefined } | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry;
  }

  /** The subject of `token` when it was verified before and has not expired since. */
  subjectOf(token: string, nowMs = Date.now()): string | undefined {
    return this.lookup(token, nowMs)?.subject;
  }

  remember(token: string, subject: string, expSeconds: number, issuedAt?: number): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(token, { subject, issuedAt, expiresAtMs: expSeconds * 1000 });
  }
}
