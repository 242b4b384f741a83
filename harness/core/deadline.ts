import { setTimeout as delay } from 'node:timers/promises';
import { HarnessError } from './harness-error.ts';

/** Options for {@link pollUntil}. */
export interface PollOptions {
  /** What is being awaited, used verbatim in the timeout message. */
  readonly description: string;
  readonly timeoutMs: number;
  /** Pause between attempts; short because each attempt is cheap. */
  readonly intervalMs?: number;
  /** Aborts the wait early (e.g. the process being waited on exited). */
  readonly signal?: AbortSignal;
}

/**
 * Calls `attempt` until it returns a value other than `undefined`, or throws WAIT_TIMEOUT once
 * the deadline passes. The last attempt's error is kept as the cause so the timeout explains itself.
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  let lastError: unknown;
  for (let attemptNo = 0; attemptNo < 1_000_000; attemptNo++) {
    options.signal?.throwIfAborted();
    try {
      const result = await attempt();
      if (result !== undefined) return result;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() + intervalMs > deadline) break;
    // The abort reason (e.g. "postgres exited with code 1") says more than a generic AbortError.
    await delay(intervalMs, undefined, { signal: options.signal }).catch((error: unknown) => {
      throw options.signal?.aborted ? options.signal.reason : error;
    });
  }
  const detail = lastError instanceof Error ? `: last attempt said: ${lastError.message}` : '';
  throw new HarnessError(
    'WAIT_TIMEOUT',
    `timed out after ${((Date.now() - started) / 1000).toFixed(1)} s waiting for ${options.description}${detail}`,
    { cause: lastError },
  );
}
