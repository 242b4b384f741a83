/** A cash movement as stored: money in integer cents, the date as YYYY-MM-DD. */
export interface Entry {
  readonly id: string;
  readonly type: 'credit' | 'debit';
  readonly amountCents: number;
  readonly date: string;
  readonly description: string;
  readonly createdAt: string;
}

/** A validated request to register an entry. */
export interface NewEntry {
  readonly type: 'credit' | 'debit';
  readonly amountCents: number;
  readonly date: string;
  readonly description: string;
}
