import {
  isCalendarDate,
  MAX_ENTRY_CENTS,
  messageUrn,
  type MessageEnvelope,
  type MessageHandler,
} from '../../../shared/src/index.ts';
import type { BalanceCache } from '../balances/balance-cache.ts';
import type { AppliedEntry, BalanceRepository } from '../balances/balance-repository.ts';

/** The message is well-formed JSON but not an `EntryRegistered` this service can apply. */
class InvalidEntryRegisteredError extends Error {
  override readonly name = 'InvalidOperationException';
}

function readEntry(message: unknown): AppliedEntry {
  const m = message as Record<string, unknown>;
  if (m.type !== 'credit' && m.type !== 'debit') throw new InvalidEntryRegisteredError('type must be credit or debit');
  const cents = m.amountCents;
  if (typeof cents !== 'number' || !Number.isSafeInteger(cents) || cents < 1 || cents > MAX_ENTRY_CENTS) {
    throw new InvalidEntryRegisteredError('amountCents must be a positive integer within the entry limit');
  }
  if (typeof m.date !== 'string' || !isCalendarDate(m.date)) {
    throw new InvalidEntryRegisteredError('date must be a YYYY-MM-DD calendar date');
  }
  return { type: m.type, amountCents: cents, date: m.date };
}

/** Applies `EntryRegistered` to the daily balances, once per messageId, then invalidates that day's cached reads. */
export function entryRegisteredHandler(
  namespace: string,
  balances: Pick<BalanceRepository, 'applyOnce'>,
  cache: BalanceCache,
): MessageHandler {
  const messageType = messageUrn(namespace, 'EntryRegistered');
  return {
    messageType,
    consumerType: 'Consolidated.EntryRegisteredConsumer',
    // The .NET contract's properties, so a PascalCase peer's `AmountCents` reads as `amountCents`.
    messageProperties: ['entryId', 'type', 'amountCents', 'date', 'description', 'createdAt'],
    async handle(envelope: MessageEnvelope) {
      const entry = readEntry(envelope.message);
      const applied = await balances.applyOnce(envelope.messageId, messageType, entry);
      if (applied) await cache.invalidate(entry.date);
    },
  };
}
