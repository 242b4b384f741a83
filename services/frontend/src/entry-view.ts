import type { ApiClient } from './api-client.ts';
import { ApiProblem } from './api-problem.ts';
import type { EntryType, NewEntry } from './api-types.ts';
import { isIsoDate } from './dates.ts';
import { busy, byId, clearError, showError } from './dom.ts';
import { IdempotentSubmission } from './idempotent-submission.ts';
import { normaliseAmount } from './money.ts';

/** Wires the entry form; `onRegistered` receives the date of each stored entry. */
export function mountEntryView(api: ApiClient, today: string, onRegistered: (date: string) => void): void {
  const form = byId<HTMLFormElement>('entry-form');
  const amount = byId<HTMLInputElement>('entry-amount');
  const date = byId<HTMLInputElement>('entry-date');
  const description = byId<HTMLInputElement>('entry-description');
  const status = byId('entry-status');
  const error = byId('entry-error');
  const submit = byId<HTMLButtonElement>('entry-submit');
  const submission = new IdempotentSubmission();
  date.value = today;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearError(error);
    status.textContent = '';
    const checked = normaliseAmount(amount.value);
    if ('error' in checked) {
      amount.setAttribute('aria-invalid', 'true');
      showError(error, new Error(checked.error));
      amount.focus();
      return;
    }
    amount.removeAttribute('aria-invalid');
    if (!isIsoDate(date.value)) {
      showError(error, new Error('Choose the date of the entry.'));
      return;
    }
    if (!description.value.trim()) {
      showError(error, new Error('Describe the entry.'));
      return;
    }
    const type = (new FormData(form).get('type') ?? 'credit') as EntryType;
    const entry: NewEntry = { type, amount: checked.amount, date: date.value, description: description.value.trim() };
    const key = submission.keyFor(entry);

    void busy(submit, async () => {
      try {
        const stored = await api.registerEntry(entry, key);
        submission.settle();
        status.textContent = `Registered ${stored.type} of ${stored.amount} on ${stored.date}.`;
        amount.value = '';
        description.value = '';
        onRegistered(stored.date);
      } catch (failure) {
        // A retryable failure keeps the key: pressing Register again is the same submission.
        if (!(failure instanceof ApiProblem && failure.retryable)) submission.settle();
        showError(error, failure);
        if (failure instanceof ApiProblem && failure.retryable) {
          status.textContent = 'Not confirmed. Press Register again to retry the same entry safely.';
        }
      }
    });
  });
}
