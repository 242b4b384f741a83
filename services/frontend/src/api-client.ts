import { ApiProblem, NETWORK_ERROR } from './api-problem.ts';
import type { DailyBalance, Entry, NewEntry, Report, TokenResponse } from './api-types.ts';

/** How the client finds the bearer token and reports that it was refused. */
export interface ApiClientOptions {
  /** Origin of the API; empty string means the page's own origin. */
  readonly baseUrl: string;
  readonly getToken: () => string | undefined;
  /** Called on a 401 from an authenticated call, before the problem is thrown. */
  readonly onUnauthorized: () => void;
}

/** The cash-flow API as the page uses it; every failure surfaces as an {@link ApiProblem}. */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  login(username: string, password: string): Promise<TokenResponse> {
    return this.#send('POST', '/api/auth/token', { body: { username, password }, authenticated: false });
  }

  registerEntry(entry: NewEntry, idempotencyKey: string): Promise<Entry> {
    return this.#send('POST', '/api/cashflow/entries', {
      body: entry,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  async listEntries(date: string): Promise<Entry[]> {
    const answer = await this.#send<Entry[] | { entries: Entry[] } | { items: Entry[] }>(
      'GET',
      `/api/cashflow/entries?${new URLSearchParams({ date })}`,
    );
    if (Array.isArray(answer)) return answer;
    return 'entries' in answer ? answer.entries : answer.items;
  }

  balance(date: string): Promise<DailyBalance> {
    return this.#send('GET', `/api/consolidated/balances/${encodeURIComponent(date)}`);
  }

  report(from: string, to: string): Promise<Report> {
    return this.#send('GET', `/api/consolidated/report?${new URLSearchParams({ from, to })}`);
  }

  async #send<T>(
    method: string,
    path: string,
    {
      body,
      headers = {},
      authenticated = true,
    }: { body?: unknown; headers?: Record<string, string>; authenticated?: boolean } = {},
  ): Promise<T> {
    const requestHeaders: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) requestHeaders['content-type'] = 'application/json';
    const token = authenticated ? this.options.getToken() : undefined;
    if (token) requestHeaders.authorization = `Bearer ${token}`;

    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: requestHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiProblem(0, NETWORK_ERROR, 'The server could not be reached. Check the connection and try again.');
    }
    if (!response.ok) {
      if (response.status === 401 && authenticated) this.options.onUnauthorized();
      throw await ApiProblem.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
