/** The largest amount one entry may carry: 999,999,999.99 (a sanity bound, well inside 2^53). */
export const MAX_ENTRY_CENTS = 99_999_999_999;

/** A positive decimal with at most two fraction digits, as the API accepts it. */
export const DECIMAL_AMOUNT_PATTERN = '^[0-9]{1,9}(\\.[0-9]{1,2})?$';

const decimalAmount = new RegExp(DECIMAL_AMOUNT_PATTERN);

/**
 * Parses "123.45" into 12345 cents without floating point.
 *
 * @returns the cents, or undefined when the text is not a decimal with at most two fraction digits.
 */
export function parseDecimalCents(text: string): number | undefined {
  if (!decimalAmount.test(text)) return undefined;
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Formats integer cents as "123.45" (or "-0.05"); the API's only money representation. */
export function formatCents(cents: number | bigint): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}
