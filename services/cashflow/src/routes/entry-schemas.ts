import Type from 'typebox';
import { CalendarDate, DECIMAL_AMOUNT_PATTERN, MAX_ENTRY_CENTS, PlainText } from '../../../shared/src/index.ts';

/** Longest accepted description, in characters. */
const MAX_DESCRIPTION_LENGTH = 280;

// Entries are dated 1900-01-01 to 2999-12-31: the pattern bounds the year, the format checks the day.
const ENTRY_YEARS_PATTERN = '^(19[0-9]{2}|2[0-9]{3})-';

/** `POST /api/cashflow/entries` body; unknown fields are rejected. */
export const CreateEntryBody = Type.Object(
  {
    type: Type.Enum(['credit', 'debit']),
    amount: Type.Union([
      Type.String({ pattern: DECIMAL_AMOUNT_PATTERN, maxLength: 12 }),
      Type.Integer({ minimum: 1, maximum: MAX_ENTRY_CENTS }),
    ]),
    date: CalendarDate({ pattern: ENTRY_YEARS_PATTERN }),
    description: PlainText({ maxLength: MAX_DESCRIPTION_LENGTH }),
  },
  { additionalProperties: false },
);

/** `GET /api/cashflow/entries` query. */
export const ListEntriesQuery = Type.Object({ date: CalendarDate() }, { additionalProperties: false });
