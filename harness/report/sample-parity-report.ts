import { finding } from '../verify/finding.ts';
import { runChecks } from '../verify/run-checks.ts';
import type { ParityCheck } from '../verify/check.ts';
import { buildParityReport, type ParityReport } from './parity-report.ts';

/** A secret value the sample's raw findings carry; no report may show it. */
export const SAMPLE_SECRET = 'S4mple-Secr3t-Value';

/** A 1x1 PNG, for screenshots. */
export const ONE_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const check = (id: string, family: ParityCheck['family'], run: ParityCheck['run']): ParityCheck => ({
  id,
  family,
  title: `the ${id} check`,
  run,
});

/**
 * A report with one of everything (a failing, a warned, an accepted, a crashed and a skipped check;
 * markup and control characters in values; a secret to mask), for the report renderers' tests.
 */
export async function sampleParityReport(): Promise<ParityReport> {
  const checks = [
    check('effective-configuration', 'static', async () => [
      finding({
        code: 'CONFIG_DRIFT',
        subject: 'cashflow/LOG_LEVEL',
        compose: 'info',
        aws: 'debug',
        explanation: 'setting LOG_LEVEL differs',
      }),
      finding({
        code: 'SECRET_IN_ENVIRONMENT',
        subject: 'auth/JWT_SIGNING_KEY',
        compose: SAMPLE_SECRET,
        aws: `key=${SAMPLE_SECRET}`,
        explanation: `JWT_SIGNING_KEY (${SAMPLE_SECRET}) is in the plain environment`,
      }),
    ]),
    check('service-shape', 'static', async () => [
      finding({ code: 'SHAPE_DRIFT', subject: 'auth/desiredCount', compose: '1', aws: '2', explanation: 'count' }),
    ]),
    check('server-versions', 'static', async () => [
      finding({
        code: 'VERSION_SKEW',
        subject: 'rabbitmq',
        compose: 'RabbitMQ 3.10.8',
        aws: 'Amazon MQ for RabbitMQ 3.13',
        explanation: 'the stand-in is older',
      }),
    ]),
    check('responses', 'traffic', async () => [
      finding({
        code: 'RESPONSE_DRIFT',
        subject: 'GET /api/consolidated/balances/2026-01-02',
        compose: '{\n  "balance": "10.00",\n  "note": "<b>&amp;</b> \'q\' \u0001"\n}',
        aws: '{\n  "balance": "12.00",\n  "note": "<b>&amp;</b> \'q\' \u0001"\n}',
        explanation: 'body differs in <balance> & "note"',
      }),
    ]),
    check('tls-everywhere', 'wiring', async () => {
      throw new Error(`could not connect with ${SAMPLE_SECRET}`);
    }),
    check('browser-smoke', 'smoke', async () => []),
  ];
  const result = await runChecks(checks, undefined, {
    skip: ['browser-smoke'],
    allowList: [{ code: 'SHAPE_DRIFT', subject: '*/desiredCount', reason: 'ECS runs two tasks for availability' }],
  });
  return buildParityReport(result, {
    secrets: [SAMPLE_SECRET],
    generatedAt: new Date('2026-12-01T10:00:00Z'),
    timings: [
      { name: 'up compose', durationMs: 8_200 },
      { name: 'up aws (deploy)', durationMs: 24_500 },
    ],
    adaptations: [
      {
        logicalId: 'BrokerF0A1',
        type: 'AWS::AmazonMQ::Broker',
        action: 'created-via-api',
        detail: `moto's CloudFormation cannot create it; password ${SAMPLE_SECRET}`,
      },
      {
        logicalId: 'demoUsername',
        type: 'CDK context',
        action: 'context-overridden',
        detail: '(unset) -> demo: the compose wiring seeds this user',
      },
    ],
    screenshots: [
      { name: 'dashboard', profile: 'compose', mimeType: 'image/png', dataBase64: ONE_PIXEL_PNG },
      { name: 'stopped at: sign in', profile: 'aws', mimeType: 'image/png', path: 'screenshots/aws-dashboard.png' },
    ],
    load: [
      {
        name: 'balance-read',
        profile: 'aws',
        summary: {
          metrics: {
            http_reqs: { count: 12_000, rate: 400 },
            http_req_failed: { rate: 0.001, passes: 12, fails: 11_988 },
            http_req_duration: { med: 4.2, max: 88, 'p(90)': 9.1, 'p(95)': 12.5, 'p(99)': 31 },
            dropped_iterations: { count: 0 },
          },
          thresholds: { 'p(95)<50': { ok: true }, 'rate<0.0001': { ok: false } },
        },
        series: {
          x: 'rate_rps',
          points: [
            { x: 100, p50: 2, p95: 5, p99: 9 },
            { x: 200, p50: 3, p95: 7, p99: 14 },
            { x: 400, p50: 4, p95: 12, p99: 31 },
          ],
        },
      },
    ],
  });
}
