import { setTimeout as delay } from 'node:timers/promises';
import { HarnessError } from './harness-error.ts';

/** Options for {@link Deadline}. */
export interface DeadlineOptions {
  /**
   * A counter that grows while the awaited thing works (CPU time, log size). Past the timeout the
   * deadline holds while it keeps growing, so a loaded machine slows a start down without failing it.
   * @default none: the timeout is final
   */
  readonly progress?: () => number;
  /** The deadline never extends past this many times the timeout. @default 3 */
  readonly maxFactor?: number;
  /** Past the timeout, how long without progress ends the wait. @default a quarter of the timeout, at most 5000 */
  readonly stallMs?: number;
}

/**
 * When a wait gives up: `timeoutMs` after its creation, or, while `progress` keeps growing, later
 * (up to `maxFactor` times the timeout). One deadline can be shared by several waits in a row.
 */
export class Deadline {
  readonly timeoutMs: number;
  private readonly started = Date.now();
  private readonly progress: (() => number) | undefined;
  private readonly maxFactor: number;
  private readonly stallMs: number;
  private lastProgress: number | undefined;
  private lastProgressAt: number;
  private lastSampleAt = 0;

  constructor(timeoutMs: number, options: DeadlineOptions = {}) {
    this.timeoutMs = timeoutMs;
    this.progress = options.progress;
    this.maxFactor = options.maxFactor ?? 3;
    this.stallMs = options.stallMs ?? Math.min(5_000, timeoutMs / 4);
    this.lastProgress = this.progress?.();
    this.lastProgressAt = this.started;
  }

  /** Whether the wait is over at time `at`. */
  expired(at: number = Date.now()): boolean {
    this.sampleProgress();
    if (at < this.started + this.timeoutMs) return false;
    if (this.progress === undefined || at >= this.started + this.timeoutMs * this.maxFactor) return true;
    // Progress is judged by what has been seen up to now, not by the time asked about.
    return Date.now() - this.lastProgressAt >= this.stallMs;
  }

  /** Notes when the progress counter last moved; sampled, as reading /proc on every poll would load the machine. */
  private sampleProgress(): void {
    const now = Date.now();
    if (this.progress === undefined || now - this.lastSampleAt < Math.min(500, this.stallMs / 2)) return;
    this.lastSampleAt = now;
    const value = this.progress();
    if (value !== this.lastProgress) {
      this.lastProgress = value;
      this.lastProgressAt = now;
    }
  }

  /** Time left before the timeout (0 once past it, even while extended). */
  remainingMs(): number {
    return Math.max(0, this.started + this.timeoutMs - Date.now());
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }

  /** For timeout messages: how long was waited and, if the deadline was extended, why. */
  describeElapsed(): string {
    const elapsed = `${(this.elapsedMs() / 1000).toFixed(1)} s`;
    return this.elapsedMs() > this.timeoutMs + 1_000
      ? `${elapsed} (the deadline of ${(this.timeoutMs / 1000).toFixed(1)} s was extended while it made progress)`
      : elapsed;
  }
}

/** Options for {@link pollUntil}. */
export type PollOptions = {
  /** What is being awaited, used verbatim in the timeout message. */
  readonly description: string;
  /** Pause between attempts; short because each attempt is cheap. */
  readonly intervalMs?: number;
  /** Aborts the wait early (e.g. the process being waited on exited). */
  readonly signal?: AbortSignal;
  /**
   * One attempt that takes longer is abandoned and counts as failed; the next one follows. A slow
   * attempt (a connect timeout on a loaded machine) thus never ends the wait while time is left.
   * @default none: each attempt runs to its own end
   */
  readonly attemptTimeoutMs?: number;
} & (
  | {
      readonly timeoutMs: number;
      /** See {@link DeadlineOptions.progress}. */
      readonly progress?: () => number;
    }
  | {
      /** A deadline shared with other waits (e.g. the steps of one start). */
      readonly deadline: Deadline;
    }
);

/**
 * Calls `attempt` until it returns a value other than `undefined`, or throws WAIT_TIMEOUT once
 * the deadline passes. A failed attempt is retried; the last attempt's error is kept as the cause
 * so the timeout explains itself.
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline =
    'deadline' in options ? options.deadline : new Deadline(options.timeoutMs, { progress: options.progress });
  const intervalMs = options.intervalMs ?? 100;
  let lastError: unknown;
  for (let attemptNo = 0; attemptNo < 1_000_000; attemptNo++) {
    options.signal?.throwIfAborted();
    try {
      const result = await withAttemptTimeout(attempt, options.attemptTimeoutMs, options.signal);
      if (result !== undefined) return result;
      lastError = undefined;
    } catch (error) {
      // The abort reason (e.g. "postgres exited with code 1") says more than the attempt's error.
      if (options.signal?.aborted) throw options.signal.reason;
      lastError = error;
    }
    if (deadline.expired(Date.now() + intervalMs)) break;
    await delay(intervalMs, undefined, { signal: options.signal }).catch((error: unknown) => {
      throw options.signal?.aborted ? options.signal.reason : error;
    });
  }
  const detail = lastError instanceof Error ? `: last attempt said: ${lastError.message}` : '';
  throw new HarnessError(
    'WAIT_TIMEOUT',
    `timed out after ${deadline.describeElapsed()} waiting for ${options.description}${detail}`,
    { cause: lastError },
  );
}

/** Runs one attempt, failing it when it takes longer than `timeoutMs` or the wait is aborted meanwhile. */
async function withAttemptTimeout<T>(
  attempt: () => Promise<T>,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (timeoutMs === undefined && signal === undefined) return attempt();
  const running = attempt();
  // An abandoned attempt may still fail later; that failure is no longer anyone's concern.
  running.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const cutOff = new Promise<never>((_resolve, reject) => {
    if (timeoutMs !== undefined) {
      timer = setTimeout(
        () => reject(new HarnessError('WAIT_TIMEOUT', `one attempt took over ${(timeoutMs / 1000).toFixed(1)} s`)),
        timeoutMs,
      );
    }
    onAbort = () => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([running, cutOff]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
