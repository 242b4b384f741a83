import type { GatewayTarget } from '../gateway-targets.ts';

/** A day's balance as the gateway answers it: the entry count and the credits as a decimal string. */
export interface Balance {
  readonly entries: number;
  readonly credits: string;
}

/** The day's balance through a profile's gateway, as the SPA reads it. */
export class GatewayBalances {
  private constructor(
    private readonly target: GatewayTarget,
    private readonly token: string,
  ) {}

  static async login(target: GatewayTarget): Promise<GatewayBalances> {
    const response = await fetch(new URL('/api/auth/token', target.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: target.username, password: target.password }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || body.access_token === undefined) {
      throw new Error(`login through ${target.baseUrl} answered ${response.status}`);
    }
    return new GatewayBalances(target, body.access_token);
  }

  async balance(date: string): Promise<Balance> {
    const response = await fetch(new URL(`/api/consolidated/balances/${date}`, this.target.baseUrl), {
      headers: { authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 200)
      throw new Error(`GET balances/${date} through ${this.target.baseUrl} answered ${response.status}`);
    const body = (await response.json()) as { entries?: number; credits?: string };
    return { entries: Number(body.entries ?? 0), credits: body.credits ?? '0.00' };
  }

  /** Polls until `accept` holds; undefined when the deadline passed first. */
  async awaitBalance(date: string, accept: (b: Balance) => boolean, timeoutMs: number): Promise<Balance | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const balance = await this.balance(date);
      if (accept(balance)) return balance;
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return undefined;
  }
}
