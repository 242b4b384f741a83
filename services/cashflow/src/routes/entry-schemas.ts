import Type from 'typebox';
import { DATE_PATTERN, DECIMAL_AMOUNT_PATTERN, MAX_ENTRY_CENTS } from '../../../shared/src/index.ts';

/** Longest accepted description, in characters. */
export const MAX_DESCRIPTION_LENGTH = 280;

/** `POST /api/cashflow/entries` body; unknown fields are rejected. */
export const CreateEntryBody = Type.Object(
  {
    type: Type.Enum(['credit', 'debit']),
    amount: Type.Union([
      Type.String({ pattern: DECIMAL_AMOUNT_PATTERN, maxLength: 12 }),
      Type.Integer({ minimum: 1, maximum: MAX_ENTRY_CENTS }),
    ]),
    date: Type.String({ pattern: DATE_PATTERN }),
    description: Type.String({ maxLength: MAX_DESCRIPTION_LENGTH }),
  },
  { additionalProperties: false },
);

/** `GET /api/cashflow/entries` query. */
export const ListEntriesQuery = Type.Object(
  { date: Type.String({ pattern: DATE_PATTERN }) },
  { additionalProperties: false },
);
