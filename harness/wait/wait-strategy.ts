import { Deadline } from '../core/deadline.ts';

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
  /**
   * A counter that grows while the thing works (CPU time, log size): past the startup timeout the
   * wait goes on while it grows (see {@link Deadline}), so a loaded machine does not fail a start
   * that is merely slow. @default none: the timeout is final
   */
  progress?(): number;
}

/** One way of deciding that a started thing is ready. Implementations poll against a deadline. */
export interface WaitStrategy {
  /** Overrides the deadline; returns this for chaining. */
  withStartupTimeout(timeoutMs: number): this;
  getStartupTimeout(): number;
  /** What is awaited, in words, for logs and timeout messages. */
  describe(): string;
  /**
   * Resolves when ready; throws WAIT_TIMEOUT naming what was awaited and for how long.
   * @param deadline one shared with other strategies (see `Wait.forAll`); by default its own,
   *   from the startup timeout and the target's progress.
   */
  waitUntilReady(target: WaitTarget, deadline?: Deadline): Promise<void>;
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

  /** The deadline to poll against: the one given, else this strategy's own. */
  protected deadlineFor(target: WaitTarget, given: Deadline | undefined): Deadline {
    return given ?? new Deadline(this.startupTimeoutMs, { progress: target.progress?.bind(target) });
  }

  abstract describe(): string;
  abstract waitUntilReady(target: WaitTarget, deadline?: Deadline): Promise<void>;
}
