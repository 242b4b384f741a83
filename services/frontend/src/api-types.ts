/** Shapes of the API answers the page reads. Money is always a decimal string from the API. */

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
}

export type EntryType = 'credit' | 'debit';

export interface NewEntry {
  readonly type: EntryType;
  readonly amount: string;
  readonly date: string;
  readonly description: string;
}

export interface Entry extends NewEntry {
  readonly id: string;
  readonly createdAt: string;
}

export interface DailyFigures {
  readonly credits: string;
  readonly debits: string;
  readonly balance: string;
  readonly entries: number;
}

export interface DailyBalance extends DailyFigures {
  readonly date: string;
}

export interface Report {
  readonly from: string;
  readonly to: string;
  readonly days: readonly DailyBalance[];
  readonly totals: DailyFigures;
}
