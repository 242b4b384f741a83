import { formatCents } from '../../../shared/src/index.ts';

/** One day's totals, in integer cents. */
export interface DailyBalance {
  readonly date: string;
  readonly creditsCents: number;
  readonly debitsCents: number;
  readonly entries: number;
}

/** A day with no entries: zeros, not a missing resource. */
export function emptyDay(date: string): DailyBalance {
  return { date, creditsCents: 0, debitsCents: 0, entries: 0 };
}

/** The API's view of a day: decimal strings, balance = credits - debits. */
export function renderBalance(day: DailyBalance) {
  return {
    date: day.date,
    credits: formatCents(day.creditsCents),
    debits: formatCents(day.debitsCents),
    balance: formatCents(day.creditsCents - day.debitsCents),
    entries: day.entries,
  };
}
