import { createHash } from 'node:crypto';
import type { NewEntry } from './entry.ts';

/**
 * Fingerprints a normalized request, so "10.5" and 1050 cents count as the same body for an
 * Idempotency-Key while any real difference is a conflict.
 */
export function requestHash(entry: NewEntry): string {
  const canonical = JSON.stringify([entry.type, entry.amountCents, entry.date, entry.description]);
  return createHash('sha256').update(canonical).digest('hex');
}
