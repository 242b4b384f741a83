import { describe, expect, it } from 'vitest';
import { Session } from './session.ts';

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
}

describe('Session', () => {
  const answer = { access_token: 'abc', token_type: 'Bearer' as const, expires_in: 60 };

  it('keeps the token until shortly before it expires', () => {
    let now = 1_000_000;
    const session = new Session(new MemoryStorage(), () => now);
    session.start('demo', answer);
    expect([session.username(), session.token()]).toEqual(['demo', 'abc']);
    now += 56_000;
    expect(session.token()).toBeUndefined();
  });

  it('forgets the token on sign-out and ignores corrupt storage', () => {
    const storage = new MemoryStorage();
    const session = new Session(storage);
    session.start('demo', answer);
    session.end();
    expect(session.token()).toBeUndefined();
    storage.setItem('cashflow.session', '{not json');
    expect(session.username()).toBeUndefined();
  });
});
