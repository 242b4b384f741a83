import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { launchChromium } from './browser.ts';

const SCREENSHOTS = join(import.meta.dirname, '..', 'reports', 'e2e');
const UI_TIMEOUT_MS = 15_000;

/** Re-asks the UI for the day's balance until it shows `expected`, within a deadline. */
async function waitForBalance(page: Page, expected: Record<string, string>, timeoutMs: number): Promise<void> {
  await vi.waitFor(
    async () => {
      await Promise.all([
        page.waitForResponse((response) => response.url().includes('/api/consolidated/balances/'), {
          timeout: UI_TIMEOUT_MS,
        }),
        page.getByRole('button', { name: 'Show balance' }).click(),
      ]);
      const seen: Record<string, string> = {};
      for (const field of Object.keys(expected)) {
        seen[field] = (await page.getByTestId(`balance-${field}`).textContent())?.trim() ?? '';
      }
      if (Object.entries(expected).every(([field, value]) => seen[field] === value)) return;
      throw new Error(
        `the balance did not show ${JSON.stringify(expected)} within ${timeoutMs} ms (last seen ${JSON.stringify(seen)})`,
      );
    },
    { timeout: timeoutMs, interval: 250 },
  );
}

describe('the SPA through nginx against the running services', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a wrong password with the API problem code', async () => {
    await page.goto(inject('e2eBaseUrl'));
    await page.getByLabel('Username').fill(inject('e2eDemoUser').username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.getByTestId('login-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/\([A-Z][A-Z0-9_]+\)$/);
  });

  it('signs in, registers entries (a retried one only once) and shows the consolidated balance', async () => {
    const { username, password } = inject('e2eDemoUser');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: username }).waitFor();

    // The second POST reaches the service, but its answer is lost on the way back, as when a
    // proxy times out: the page must retry with the same Idempotency-Key.
    const keys: string[] = [];
    await page.route('**/api/cashflow/entries', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const response = await route.fetch();
      if (keys.length === 2) return route.fulfill({ status: 502, contentType: 'text/plain', body: 'lost answer' });
      return route.fulfill({ response });
    });

    const date = await page.getByLabel('Date', { exact: true }).first().inputValue();
    await page.getByRole('radio', { name: 'Credit' }).check();
    await page.getByLabel('Amount').fill('123.45');
    await page.getByLabel('Description').fill('Counter sale');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('entry-status').filter({ hasText: 'Registered credit of 123.45' }).waitFor();

    await page.getByRole('radio', { name: 'Debit' }).check();
    await page.getByLabel('Amount').fill('23.4');
    await page.getByLabel('Description').fill('Supplies');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('entry-error').filter({ hasText: 'HTTP_502' }).waitFor();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('entry-status').filter({ hasText: 'Registered debit of 23.40' }).waitFor();

    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[2]);
    expect(keys[0]).not.toBe(keys[1]);

    // The balance is eventually consistent (outbox -> RabbitMQ -> consolidated): poll the UI.
    await waitForBalance(page, { credits: '123.45', debits: '23.40', balance: '100.05', entries: '2' }, 30_000);
    const rows = page.getByTestId('day-entries').locator('tbody tr');
    expect(await rows.count()).toBe(2);

    await page.getByLabel('From').fill(date);
    await page.getByLabel('To').fill(date);
    await page.getByRole('button', { name: 'Show report' }).click();
    const totals = page.getByTestId('report').locator('tfoot tr');
    await totals.waitFor();
    expect((await totals.locator('th').allTextContents()).map((cell) => cell.trim())).toEqual([
      'Total',
      '123.45',
      '23.40',
      '100.05',
      '2',
    ]);

    await page.screenshot({ path: join(SCREENSHOTS, 'spa.png'), fullPage: true });
  });
});
