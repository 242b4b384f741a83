/** Options for {@link waitForHttp}. */
export interface WaitForHttpOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Pause between attempts. @default 100 */
  readonly intervalMs?: number;
  /** Status codes that count as ready. @default any 2xx */
  readonly accept?: (status: number) => boolean;
  /** Checked before each attempt: a string stops waiting with that reason (e.g. "the process exited"). */
  readonly abortReason?: () => string | undefined;
  /** Extra fetch options (e.g. a TLS dispatcher). */
  readonly init?: RequestInit;
}

/** The endpoint did not become ready in time, or waiting was abandoned; `code` is stable. */
export class WaitTimeoutError extends Error {
  readonly code = 'LAUNCH_READINESS_TIMEOUT';

  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/** Polls `url` with GET until it answers an accepted status, with a deadline. */
export async function waitForHttp(url: URL, options: WaitForHttpOptions): Promise<void> {
  const { timeoutMs, intervalMs = 100, accept = (s: number) => s >= 200 && s < 300 } = options;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const reason = options.abortReason?.();
    if (reason !== undefined) throw new WaitTimeoutError(`stopped waiting for ${url.href}: ${reason}`);
    try {
      const response = await fetch(url, {
        ...options.init,
        signal: AbortSignal.timeout(Math.max(500, intervalMs * 5)),
      });
      await response.body?.cancel();
      if (accept(response.status)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? (errorCause(error) ?? error.message) : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new WaitTimeoutError(`${url.href} was not ready after ${timeoutMs} ms (last: ${last})`);
}

function errorCause(error: Error): string | undefined {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message;
}
