import Type, { type TString, type TStringOptions } from 'typebox';
import { isCalendarDate } from '../calendar-date.ts';

/** The request validator's format for a real calendar date; {@link createHttpServer} registers it. */
export const CALENDAR_DATE_FORMAT = 'calendar-date';

/** The formats the services' request validator knows beyond ajv-formats' own. */
export const requestFormats: Readonly<Record<string, (value: string) => boolean>> = {
  [CALENDAR_DATE_FORMAT]: isCalendarDate,
};

/**
 * A `YYYY-MM-DD` string that names a real day (2024-02-29 yes, 2026-02-30 no). Routes use it in
 * their params, query and body schemas, so a date is checked once, by the validator, and a bad one
 * is answered like every other schema failure (400 `VALIDATION_FAILED`).
 *
 * @param options further constraints, e.g. a `pattern` that narrows the years.
 */
export function CalendarDate(options: Omit<TStringOptions, 'format'> = {}): TString {
  return Type.String({ ...options, format: CALENDAR_DATE_FORMAT });
}
