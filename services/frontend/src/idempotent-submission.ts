/**
 * Hands out the `Idempotency-Key` for a form submission. Submitting the same body again after a
 * retryable failure reuses the key, so the server can answer with the entry it may already have
 * stored instead of registering it twice; any other body, or the same body after a definitive
 * answer, is a new submission with a new key.
 */
export class IdempotentSubmission {
  #pending: { fingerprint: string; key: string } | undefined;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The key to send with `body`. */
  keyFor(body: object): string {
    const fingerprint = JSON.stringify(body);
    if (this.#pending?.fingerprint === fingerprint) return this.#pending.key;
    const key = this.newKey();
    this.#pending = { fingerprint, key };
    return key;
  }

  /** Records that the server gave a definitive answer, so the next submission gets a new key. */
  settle(): void {
    this.#pending = undefined;
  }
}
