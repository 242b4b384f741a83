import './styles.css';
import { ApiClient } from './api-client.ts';
import { mountBalanceView } from './balance-view.ts';
import { localIsoDate } from './dates.ts';
import { byId, showError } from './dom.ts';
import { mountEntryView } from './entry-view.ts';
import { mountLoginView } from './login-view.ts';
import { mountReportView } from './report-view.ts';
import { Session } from './session.ts';

const session = new Session(window.sessionStorage);
const loginSection = byId('login-section');
const workspace = byId('workspace');
const sessionBar = byId('session');

function render(): void {
  const username = session.username();
  loginSection.hidden = username !== undefined;
  workspace.hidden = username === undefined;
  sessionBar.hidden = username === undefined;
  byId('signed-in-as').textContent = username ?? '';
}

const api = new ApiClient({
  baseUrl: import.meta.env.VITE_API_BASE_URL ?? '',
  getToken: () => session.token(),
  onUnauthorized: () => {
    session.end();
    render();
    showError(byId('login-error'), new Error('Your session ended. Sign in again.'));
  },
});

const today = localIsoDate();
const balance = mountBalanceView(api, today);
mountReportView(api, today);
mountEntryView(api, today, (date) => void balance.show(date));
mountLoginView(api, session, () => {
  render();
  void balance.show(byId<HTMLInputElement>('balance-date').value);
});
byId('sign-out').addEventListener('click', () => {
  session.end();
  render();
});

render();
if (session.token()) void balance.show(today);
