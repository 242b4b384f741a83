import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../../e2e/browser.ts';
import type { ParityReport } from './parity-report.ts';
import { ONE_PIXEL_PNG, SAMPLE_SECRET, sampleParityReport } from './sample-parity-report.ts';
import { writeParityReports, type ParityReportFiles } from './write-parity-reports.ts';

// The reports as a person and a CI system see them: the HTML rendered by Chromium, the JUnit file
// parsed by the browser's own XML parser (what a strict CI parser does).
let browser: Browser;
let page: Page;
let report: ParityReport;
let files: ParityReportFiles;
const requests: string[] = [];
const directory = mkdtempSync(join(tmpdir(), 'parity-html-'));

beforeAll(async () => {
  report = await sampleParityReport();
  mkdirSync(join(directory, 'screenshots'));
  writeFileSync(join(directory, 'screenshots', 'aws-dashboard.png'), Buffer.from(ONE_PIXEL_PNG, 'base64'));
  files = writeParityReports(directory, report);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(files.html).href);
});

afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('parity.html in Chromium', () => {
  test('shows the outcome and the summary counts', async () => {
    await expect(page.getByTestId('outcome').innerText()).resolves.toBe('Could not run (exit 2)');
    const counts = Object.fromEntries(
      await Promise.all(
        [
          'checks-total',
          'checks-failed',
          'checks-error',
          'findings-failure',
          'findings-warning',
          'findings-accepted',
        ].map(async (id) => [id, await page.getByTestId(id).innerText()] as const),
      ),
    );
    expect(counts).toEqual({
      'checks-total': '6',
      'checks-failed': '2',
      'checks-error': '1',
      'findings-failure': '3',
      'findings-warning': '1',
      'findings-accepted': '1',
    });
  });

  test("shows a finding's code, subject and both values side by side", async () => {
    const drift = page.locator('article.finding[data-code="CONFIG_DRIFT"]');
    await expect(drift.locator('h4').innerText()).resolves.toContain('CONFIG_DRIFT cashflow/LOG_LEVEL');
    await expect(drift.locator('td.compose').innerText()).resolves.toBe('info');
    await expect(drift.locator('td.aws').innerText()).resolves.toBe('debug');
    const response = page.locator('article.finding[data-code="RESPONSE_DRIFT"]');
    await expect(response.locator('tr.changed td.compose').innerText()).resolves.toBe('  "balance": "10.00",');
    await expect(response.locator('tr.changed td.aws').innerText()).resolves.toBe('  "balance": "12.00",');
    // Markup in a value is text, not markup.
    await expect(response.locator('b').count()).resolves.toBe(0);
  });

  test('lists accepted findings with their reason, the adaptations, the load run and the screenshots', async () => {
    const text = await page.locator('body').innerText();
    expect(text).toContain('Accepted: ECS runs two tasks for availability');
    expect(text).toContain('AWS::AmazonMQ::Broker');
    expect(text).toContain('threshold rate<0.0001');
    await expect(page.locator('#load svg polyline').count()).resolves.toBe(3);
    const widths = await page
      .locator('#screenshots img')
      .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth));
    expect(widths).toEqual([1, 1]);
    await expect(page.locator('#screenshots figcaption').allInnerTexts()).resolves.toEqual([
      'dashboard (compose)',
      'stopped at: sign in (aws)',
    ]);
    expect(text).toContain('(unset) -> demo: the compose wiring seeds this user');
  });

  test('carries no secret and fetched nothing but itself', async () => {
    expect(await page.content()).not.toContain(SAMPLE_SECRET);
    expect(await page.locator('body').innerText()).not.toContain(SAMPLE_SECRET);
    expect(requests.filter((url) => !url.startsWith('data:'))).toEqual([pathToFileURL(files.html).href]);
  });
});

describe('parity.junit.xml', () => {
  test('is well-formed XML with one suite per family, one case per check and a failure per failing finding', async () => {
    const xml = readFileSync(files.junit, 'utf8');
    expect(xml).not.toContain(SAMPLE_SECRET);
    const parsed = await page.evaluate((source) => {
      const document = new DOMParser().parseFromString(source, 'application/xml');
      const all = (selector: string) => [...document.querySelectorAll(selector)];
      return {
        parseError: document.querySelector('parsererror')?.textContent ?? null,
        suites: all('testsuite').map((s) => `${s.getAttribute('name')}:${s.getAttribute('tests')}`),
        cases: all('testcase').length,
        failures: all('failure').map((f) => f.getAttribute('type')),
        errors: all('error').map((f) => f.getAttribute('message')),
        skipped: all('skipped').length,
        responseMessage: all('failure').find((f) => f.getAttribute('type') === 'RESPONSE_DRIFT')?.textContent ?? '',
      };
    }, xml);
    expect(parsed).toMatchObject({
      parseError: null,
      suites: ['static:3', 'traffic:1', 'wiring:1', 'smoke:1'],
      cases: 6,
      failures: ['CONFIG_DRIFT', 'SECRET_IN_ENVIRONMENT', 'RESPONSE_DRIFT'],
      errors: ['could not connect with ***'],
      skipped: 1,
    });
    expect(parsed.responseMessage).toContain('"note": "<b>&amp;</b> \'q\' \uFFFD"');
  });
});
