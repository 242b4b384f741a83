import type { ApiClient } from './api-client.ts';
import { isIsoDate } from './dates.ts';
import { busy, byId, clearError, row, showError } from './dom.ts';

const NUMERIC = [1, 2, 3, 4];

/** Wires the date-range report form and table. */
export function mountReportView(api: ApiClient, today: string): void {
  const form = byId<HTMLFormElement>('report-form');
  const from = byId<HTMLInputElement>('report-from');
  const to = byId<HTMLInputElement>('report-to');
  const error = byId('report-error');
  const body = byId('report-body');
  const totals = byId('report-totals');
  const caption = byId('report-caption');
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  from.value = `${today.slice(0, 8)}01`;
  to.value = today;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearError(error);
    if (!isIsoDate(from.value) || !isIsoDate(to.value)) {
      showError(error, new Error('Choose both dates.'));
      return;
    }
    if (from.value > to.value) {
      showError(error, new Error('"From" must not be after "To".'));
      return;
    }
    void busy(submit, async () => {
      try {
        const report = await api.report(from.value, to.value);
        caption.textContent = `Per-day totals from ${report.from} to ${report.to}`;
        body.replaceChildren(
          ...report.days.map((day) => row([day.date, day.credits, day.debits, day.balance, day.entries], NUMERIC)),
        );
        const t = report.totals;
        totals.replaceChildren(row(['Total', t.credits, t.debits, t.balance, t.entries], NUMERIC, 'th'));
      } catch (failure) {
        body.replaceChildren();
        totals.replaceChildren();
        showError(error, failure);
      }
    });
  });
}
