/** What {@link waitForHttp} polls and for how long. */
export interface WaitForHttpOptions {
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs?: number;
  /** Checked before each attempt; a string stops the wait early with that reason (e.g. "process exited"). */
  readonly abortReason?: () => string | undefined;
}

/**
 * Polls `url` with GET until it answers 200, or fails after `timeoutMs` with a message saying what
 * was awaited, for how long, and the last thing seen.
 */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const { timeoutMs, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastSeen = 'no attempt';
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / intervalMs) + 1; attempt += 1) {
    const reason = options.abortReason?.();
    if (reason) throw new Error(`Stopped waiting for GET ${url} to answer 200: ${reason}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(intervalMs, 1_000)) });
      await response.body?.cancel();
      if (response.status === 200) return;
      lastSeen = `status ${response.status}`;
    } catch (error) {
      lastSeen =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`GET ${url} did not answer 200 within ${timeoutMs} ms (last: ${lastSeen})`);
}
