/** What a wait strategy may look at: the started thing's address, its log, and its liveness. */
export interface WaitTarget {
  /** A human name used in timeout messages, e.g. `postgres (managed)`. */
  readonly name: string;
  readonly host: string;
  /** The ports the thing listens on, in the order its definition lists them. */
  readonly ports: readonly number[];
  /** The log written since this start (empty for things without a log). */
  readLog(): string;
  /** Aborted when the thing died, so waiting stops at once. */
  readonly signal?: AbortSignal;
}

/** One way of deciding that a started thing is ready. Implementations poll against a deadline. */
export interface WaitStrategy {
  /** Overrides the deadline; returns this for chaining. */
  withStartupTimeout(timeoutMs: number): this;
  getStartupTimeout(): number;
  /** What is awaited, in words, for logs and timeout messages. */
  describe(): string;
  /** Resolves when ready; throws WAIT_TIMEOUT naming what was awaited and for how long. */
  waitUntilReady(target: WaitTarget): Promise<void>;
}

/** Shared deadline handling for the concrete strategies. */
export abstract class AbstractWaitStrategy implements WaitStrategy {
  protected startupTimeoutMs = 60_000;

  withStartupTimeout(timeoutMs: number): this {
    this.startupTimeoutMs = timeoutMs;
    return this;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }

  abstract describe(): string;
  abstract waitUntilReady(target: WaitTarget): Promise<void>;
}
