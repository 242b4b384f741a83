import type { IncomingMessage } from 'node:http';

/** Bounds of {@link drainRequestBody}. */
export interface DrainLimits {
  /** Stop reading after this many bytes; the connection then closes with the rest unread. */
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/**
 * Reads and discards what is left of a request body, within bounds, before an error answer is
 * sent. A server that answers 413 and closes with the body unread makes its kernel reset the
 * connection, and a proxy still sending that body (nginx, an ALB) reports a 502 instead of the
 * 413: draining first is the lingering close nginx does for its own clients.
 */
export function drainRequestBody(raw: IncomingMessage, limits: DrainLimits): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', done);
      raw.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limits.maxBytes) done();
    };
    const timer = setTimeout(done, limits.timeoutMs);
    raw.on('data', onData);
    raw.once('end', done);
    raw.once('close', done);
    raw.resume();
  });
}
