/** Socket errors of a connection that could not be made or was lost. */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * SQLSTATEs that say the server, not the statement, failed: connection exceptions (class 08),
 * shutdown and start-up (57P01-57P03), too many connections (53300), and the transaction losing a
 * race it may win on a retry (40001 serialization failure, 40P01 deadlock).
 */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/** What pg and pg-pool throw, without a code, when a connection dies or cannot be had in time. */
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'connection timeout',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'the database system is',
];

/**
 * Whether `err` says PostgreSQL was unreachable or restarting rather than that the work itself is
 * wrong: the same work may pass once the server is back, so it is to be retried, not given up on.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (CONNECTION_ERRNOS.has(code) || TRANSIENT_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  if (err instanceof AggregateError && err.errors.some((inner) => isTransientDatabaseError(inner))) return true;
  return TRANSIENT_MESSAGES.some((text) => err.message.includes(text));
}
