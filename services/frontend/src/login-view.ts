import type { ApiClient } from './api-client.ts';
import { busy, byId, clearError, showError } from './dom.ts';
import type { Session } from './session.ts';

/** Wires the sign-in form; `onSignedIn` runs after a token was stored. */
export function mountLoginView(api: ApiClient, session: Session, onSignedIn: () => void): void {
  const form = byId<HTMLFormElement>('login-form');
  const username = byId<HTMLInputElement>('login-username');
  const password = byId<HTMLInputElement>('login-password');
  const error = byId('login-error');
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearError(error);
    const name = username.value.trim();
    if (!name || !password.value) {
      showError(error, new Error('Enter your username and password.'));
      return;
    }
    void busy(submit, async () => {
      try {
        session.start(name, await api.login(name, password.value));
        password.value = '';
        onSignedIn();
      } catch (failure) {
        showError(error, failure);
      }
    });
  });
}
