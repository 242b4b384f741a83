import type { ApiClient } from './api-client.ts';
import { isIsoDate } from './dates.ts';
import { byId, clearError, row, showError } from './dom.ts';

/** The daily balance panel; `show(date)` loads that day's figures and entries. */
export interface BalanceView {
  show(date: string): Promise<void>;
}

export function mountBalanceView(api: ApiClient, today: string): BalanceView {
  const form = byId<HTMLFormElement>('balance-form');
  const date = byId<HTMLInputElement>('balance-date');
  const error = byId('balance-error');
  const figures = {
    credits: byId('balance-credits'),
    debits: byId('balance-debits'),
    balance: byId('balance-balance'),
    entries: byId('balance-entries'),
  };
  const entriesBody = byId('day-entries-body');
  date.value = today;

  async function show(day: string): Promise<void> {
    clearError(error);
    if (!isIsoDate(day)) {
      showError(error, new Error('Choose a date.'));
      return;
    }
    date.value = day;
    const [balance, entries] = await Promise.allSettled([api.balance(day), api.listEntries(day)]);
    if (balance.status === 'fulfilled') {
      figures.credits.textContent = balance.value.credits;
      figures.debits.textContent = balance.value.debits;
      figures.balance.textContent = balance.value.balance;
      figures.entries.textContent = String(balance.value.entries);
    } else {
      for (const cell of Object.values(figures)) cell.textContent = '-';
      showError(error, balance.reason);
    }
    if (entries.status === 'fulfilled') {
      entriesBody.replaceChildren(
        ...entries.value.map((entry) => row([entry.type, entry.amount, entry.description], [1])),
      );
    } else if (balance.status === 'fulfilled') {
      showError(error, entries.reason);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show(date.value);
  });
  return { show };
}
