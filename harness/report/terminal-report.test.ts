import { describe, expect, test } from 'vitest';
import { formatCheckProgress, formatFindingsTable } from './terminal-report.ts';
import { sampleParityReport } from './sample-parity-report.ts';

describe('terminal report', () => {
  test('the findings table is aligned plain text with a summary line', async () => {
    const table = formatFindingsTable(await sampleParityReport());
    expect(table).toMatchInlineSnapshot(`
      "RESULT    CODE                   SUBJECT                                    COMPOSE                                   AWS
      failure   CONFIG_DRIFT           cashflow/LOG_LEVEL                         info                                      debug
      failure   SECRET_IN_ENVIRONMENT  auth/JWT_SIGNING_KEY                       ***                                       key=***
      accepted  SHAPE_DRIFT            auth/desiredCount                          1                                         2
      warning   VERSION_SKEW           rabbitmq                                   RabbitMQ 3.10.8                           Amazon MQ for RabbitMQ 3.13
      failure   RESPONSE_DRIFT         GET /api/consolidated/balances/2026-01-02  { ⏎   "balance": "10.00", ⏎   "note":...  { ⏎   "balance": "12.00", ⏎   "note":...
      could-not-run (exit 2): 6 checks, 1 passed, 1 warned, 2 failed, 1 could not run, 1 skipped; 3 failing, 1 warnings, 1 accepted"
    `);
  });

  test('progress lines name the family, the check, its status and time', () => {
    const check = { id: 'service-shape', family: 'static', title: 't', run: async () => [] } as const;
    expect(formatCheckProgress({ phase: 'start', check })).toBe('[static] service-shape ...');
    expect(
      formatCheckProgress({
        phase: 'finish',
        result: { id: 'service-shape', family: 'static', title: 't', status: 'failed', durationMs: 12.4, findings: [] },
      }),
    ).toBe('[static] service-shape failed in 12 ms (0 findings)');
    expect(
      formatCheckProgress({
        phase: 'finish',
        result: {
          id: 'tls',
          family: 'wiring',
          title: 't',
          status: 'error',
          durationMs: 3,
          findings: [],
          error: { message: 'no broker' },
        },
      }),
    ).toBe('[wiring] tls error in 3 ms (could not run: no broker)');
  });
});
