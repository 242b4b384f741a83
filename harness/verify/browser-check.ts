import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../e2e/browser.ts';
import type { Screenshot } from '../report/parity-report.ts';
import type { ParityCheck } from './check.ts';
import { finding, type Finding } from './finding.ts';
import type { GatewayTarget } from './gateway-targets.ts';

export interface BrowserCheckContext {
  readonly gateways: { readonly compose: GatewayTarget; readonly aws: GatewayTarget };
  /** Screenshots go into `<reportDir>/screenshots/`, named in the report relative to it. */
  readonly reportDir: string;
  /** Each screenshot taken, for the report. */
  readonly screenshots: Screenshot[];
  readonly progress: (message: string) => void;
}

const BROWSER_CHECK = 'browser';

/** How long one step of the flow may wait for what the page must show (a login, an API answer). */
const STEP_TIMEOUT_MS = 20_000;

/** One step of the flow, so that a failure names where the page stopped. */
interface FlowStep {
  readonly name: string;
  readonly run: (page: Page) => Promise<void>;
}

/** The amount the flow registers, and how the page must confirm it. */
const AMOUNT = '12.34';

function flow(gateway: GatewayTarget, profile: string): FlowStep[] {
  return [
    { name: 'open the SPA', run: async (page) => void (await page.goto(gateway.baseUrl)) },
    {
      name: 'sign in',
      run: async (page) => {
        await page.getByLabel('Username').fill(gateway.username);
        await page.getByLabel('Password').fill(gateway.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByTestId('signed-in-as').filter({ hasText: gateway.username }).waitFor();
      },
    },
    {
      name: 'register an entry',
      run: async (page) => {
        await page.getByRole('radio', { name: 'Credit' }).check();
        await page.getByLabel('Amount').fill(AMOUNT);
        await page.getByLabel('Description').fill(`browser check (${profile})`);
        await page.getByRole('button', { name: 'Register' }).click();
        await page
          .getByTestId('entry-status')
          .filter({ hasText: `Registered credit of ${AMOUNT}` })
          .waitFor();
      },
    },
  ];
}

/** Runs the flow on one profile; returns the step it stopped at and why, or `null` when every step passed. */
async function runFlow(
  browser: Browser,
  profile: 'compose' | 'aws',
  context: BrowserCheckContext,
): Promise<{ step: string; error: string } | null> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  let failed: { step: string; error: string } | null = null;
  try {
    for (const step of flow(context.gateways[profile], profile)) {
      context.progress(`${profile}: ${step.name}`);
      try {
        await step.run(page);
      } catch (error) {
        failed = { step: step.name, error: (error as Error).message.split('\n')[0]! };
        break;
      }
    }
    // The page as the flow left it: the registered entry, or where it stopped.
    const path = join('screenshots', `${profile}-${failed ? 'failed' : 'registered'}.png`);
    await page.screenshot({ path: join(context.reportDir, path), fullPage: true });
    context.screenshots.push({
      name: failed ? `stopped at: ${failed.step}` : 'signed in, entry registered',
      profile,
      mimeType: 'image/png',
      path,
    });
  } finally {
    await page.close();
  }
  return failed;
}

/**
 * The browser smoke: in the machine's Chromium, the SPA signs in and registers an entry through each
 * profile's gateway, asserting what the page shows. A profile where the flow stops is a
 * `BROWSER_FLOW_FAILED` naming the step; its screenshot is in the report either way.
 */
export function browserChecks(): ParityCheck<BrowserCheckContext>[] {
  return [
    {
      id: BROWSER_CHECK,
      family: 'smoke',
      title: 'Browser: the SPA signs in and registers an entry through each gateway',
      run: async (context): Promise<Finding[]> => {
        mkdirSync(join(context.reportDir, 'screenshots'), { recursive: true });
        const browser = await launchChromium();
        try {
          const findings: Finding[] = [];
          const outcomes = {
            compose: await runFlow(browser, 'compose', context),
            aws: await runFlow(browser, 'aws', context),
          };
          for (const profile of ['compose', 'aws'] as const) {
            const failed = outcomes[profile];
            if (!failed) continue;
            const text = (side: 'compose' | 'aws') => {
              const outcome = outcomes[side];
              return outcome ? `stopped at "${outcome.step}": ${outcome.error}` : 'signed in and registered';
            };
            findings.push(
              finding({
                code: 'BROWSER_FLOW_FAILED',
                subject: `${profile}/${failed.step}`,
                compose: text('compose'),
                aws: text('aws'),
                explanation: `in Chromium, the SPA through the ${profile} gateway could not ${failed.step}`,
              }),
            );
          }
          return findings;
        } finally {
          await browser.close();
        }
      },
    },
  ];
}
