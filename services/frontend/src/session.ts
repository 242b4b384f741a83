import type { TokenResponse } from './api-types.ts';

const STORAGE_KEY = 'cashflow.session';

/** Renew a little before the server would refuse the token, so a form is not lost to a 401. */
const EXPIRY_MARGIN_MS = 5_000;

interface StoredSession {
  readonly username: string;
  readonly token: string;
  readonly expiresAtMs: number;
}

/**
 * The signed-in user's token, kept in sessionStorage so a reload keeps the session but closing
 * the tab ends it.
 */
export class Session {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  start(username: string, answer: TokenResponse): void {
    const session: StoredSession = {
      username,
      token: answer.access_token,
      expiresAtMs: this.now() + answer.expires_in * 1000 - EXPIRY_MARGIN_MS,
    };
    this.storage.setItem(STORAGE_KEY, JSON.stringify(session));
  }

  end(): void {
    this.storage.removeItem(STORAGE_KEY);
  }

  /** The bearer token, or undefined when signed out or expired. */
  token(): string | undefined {
    return this.#current()?.token;
  }

  username(): string | undefined {
    return this.#current()?.username;
  }

  #current(): StoredSession | undefined {
    const raw = this.storage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    try {
      const session = JSON.parse(raw) as StoredSession;
      if (typeof session.token !== 'string' || !(session.expiresAtMs > this.now())) return undefined;
      return session;
    } catch {
      return undefined;
    }
  }
}
