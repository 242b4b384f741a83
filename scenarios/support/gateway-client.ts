import { vi } from 'vitest';

/** A client of one profile's gateway, speaking only its public API (as the SPA does). */
export class GatewayClient {
  private token: string | undefined;

  constructor(private readonly baseUrl: string) {}

  /** Logs in with the password grant and keeps the access token. */
  async login(username: string, password: string): Promise<void> {
    const response = await this.request('POST', '/api/auth/token', { username, password });
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || !body.access_token) {
      throw new Error(`login through ${this.baseUrl} answered ${response.status}`);
    }
    this.token = body.access_token;
  }

  /** Registers an entry with an idempotency key; returns the HTTP status and body. */
  async postEntry(entry: Record<string, unknown>, idempotencyKey: string): Promise<{ status: number; body: unknown }> {
    const response = await this.request('POST', '/api/cashflow/entries', entry, { 'idempotency-key': idempotencyKey });
    return { status: response.status, body: await response.json() };
  }

  /** Polls the day's balance until `accept` holds or the deadline passes. */
  async awaitBalance(
    date: string,
    accept: (balance: Record<string, unknown>) => boolean,
    timeoutMs = 30_000,
  ): Promise<Record<string, unknown>> {
    return vi.waitFor(
      async () => {
        const response = await this.request('GET', `/api/consolidated/balances/${date}`);
        const body = (await response.json()) as Record<string, unknown>;
        if (response.status === 200 && accept(body)) return body;
        const last = JSON.stringify({ status: response.status, body });
        throw new Error(`balance of ${date} at ${this.baseUrl} did not match within ${timeoutMs} ms (last: ${last})`);
      },
      { timeout: timeoutMs, interval: 250 },
    );
  }

  async get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  private request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  }
}
