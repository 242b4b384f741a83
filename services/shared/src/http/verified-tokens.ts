/** What a verified token proved: its subject, until it expires. */
interface Verified {
  readonly subject: string;
  readonly expiresAtMs: number;
}

/**
 * Tokens already verified, by their whole compact form (signature included), so a client's next
 * request with the same token skips the signature check, which was most of a cached balance read's
 * CPU. Only a token that passed every check is remembered, and only until its `exp`; the keys are
 * fixed for the life of the process, so nothing a cached answer relied on can change. Bounded:
 * when full it is emptied, so memory stays constant whatever the tokens.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly capacity = 10_000) {}

  /** The subject of `token` when it was verified before and has not expired since. */
  subjectOf(token: string, nowMs = Date.now()): string | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.subject;
  }

  remember(token: string, subject: string, expSeconds: number): void {
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(token, { subject, expiresAtMs: expSeconds * 1000 });
  }
}
