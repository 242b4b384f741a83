/** Digits before the decimal point the API accepts (its limit is 999999999.99). */
const MAX_UNIT_DIGITS = 9;

const AMOUNT = new RegExp(`^(\\d{1,${MAX_UNIT_DIGITS}})(?:[.,](\\d{1,2}))?$`);

/**
 * Normalises what a person typed into the decimal string the API expects ("1234.5" -> "1234.50"),
 * or returns an error message. Works on the digits as text so no float ever touches the amount.
 */
export function normaliseAmount(input: string): { amount: string } | { error: string } {
  const match = AMOUNT.exec(input.trim());
  if (!match) return { error: 'Enter an amount such as 123.45 (up to two decimals).' };
  const units = match[1]!.replace(/^0+(?=\d)/, '');
  const cents = (match[2] ?? '').padEnd(2, '0');
  if (/^0+$/.test(units) && cents === '00') return { error: 'The amount must be greater than zero.' };
  return { amount: `${units}.${cents}` };
}
