import type { FastifyRequest } from 'fastify';
import { ProblemError } from './problem-error.ts';

/**
 * Request headers that carry one value (RFC 9110 singletons, and the API's own key). Node keeps
 * the first of a repeated Content-Type or Authorization and drops the rest, while a proxy or a
 * cache in front may act on another: a request that sends one twice is refused, not guessed.
 */
const SINGLETON_HEADERS = new Set(['content-type', 'content-length', 'authorization', 'idempotency-key']);

/** The first singleton header `rawHeaders` (Node's name, value, name, value... list) repeats. */
function repeatedSingletonHeader(rawHeaders: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (!SINGLETON_HEADERS.has(name)) continue;
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** An `onRequest` hook: 400 `DUPLICATE_HEADER` for a request that repeats a singleton header. */
export async function refuseRepeatedSingletonHeaders(request: FastifyRequest): Promise<void> {
  const name = repeatedSingletonHeader(request.raw.rawHeaders);
  if (name !== undefined) {
    throw new ProblemError(400, 'DUPLICATE_HEADER', 'Header sent more than once', `${name} may be sent only once`);
  }
}
