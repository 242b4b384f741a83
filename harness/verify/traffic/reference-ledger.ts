import { addDays, scriptRequests, type RequestScript } from './request-script.ts';

/** One day's expected totals, in integer cents. */
export interface LedgerDay {
  readonly date: string;
  readonly creditsCents: number;
  readonly debitsCents: number;
  readonly entries: number;
}

/**
 * The balances a correct system must show after the script, computed by the gate itself from the
 * requests it sent and never from any answer: each request with a ledger effect creates exactly one
 * entry, replays and racing duplicates none.
 */
export function referenceLedger(script: RequestScript): LedgerDay[] {
  const days = new Map<string, { creditsCents: number; debitsCents: number; entries: number }>();
  for (let i = 0; i < script.dates; i++) {
    days.set(addDays(script.baseDate, i), { creditsCents: 0, debitsCents: 0, entries: 0 });
  }
  for (const { ledger } of scriptRequests(script)) {
    if (ledger === undefined) continue;
    const day = days.get(ledger.date);
    if (day === undefined) throw new RangeError(`ledger date ${ledger.date} is outside the script's window`);
    if (ledger.type === 'credit') day.creditsCents += ledger.cents;
    else day.debitsCents += ledger.cents;
    day.entries += 1;
  }
  return [...days].map(([date, totals]) => ({ date, ...totals }));
}

/** The totals of a whole ledger. */
export function ledgerTotals(days: readonly LedgerDay[]): Omit<LedgerDay, 'date'> {
  return days.reduce(
    (sum, d) => ({
      creditsCents: sum.creditsCents + d.creditsCents,
      debitsCents: sum.debitsCents + d.debitsCents,
      entries: sum.entries + d.entries,
    }),
    { creditsCents: 0, debitsCents: 0, entries: 0 },
  );
}
