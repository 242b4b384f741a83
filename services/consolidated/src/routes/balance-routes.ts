import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { CalendarDate, ProblemError, daysBetween, formatCents } from '../../../shared/src/index.ts';
import type { BalanceCache } from '../balances/balance-cache.ts';
import type { BalanceRepository } from '../balances/balance-repository.ts';
import { renderBalance } from '../balances/daily-balance.ts';

/** Longest report, in days (inclusive), so one request cannot scan years. */
const MAX_REPORT_DAYS = 366;

/** What the balance routes need. */
export interface BalanceRoutesOptions {
  readonly balances: BalanceRepository;
  readonly cache: BalanceCache;
}

const BalanceParams = Type.Object({ date: CalendarDate() }, { additionalProperties: false });
const ReportQuery = Type.Object({ from: CalendarDate(), to: CalendarDate() }, { additionalProperties: false });

/** `GET /api/consolidated/balances/:date` and `GET /api/consolidated/report?from=&to=`. */
export async function balanceRoutes(scope: FastifyInstance, options: BalanceRoutesOptions): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { balances, cache } = options;

  app.get('/api/consolidated/balances/:date', { schema: { params: BalanceParams } }, async (request) => {
    const { date } = request.params;
    const day = await cache.balance(date, () => balances.day(date));
    return renderBalance(day);
  });

  app.get('/api/consolidated/report', { schema: { querystring: ReportQuery } }, async (request) => {
    const { from, to } = request.query;
    const span = daysBetween(from, to);
    if (span < 0) throw new ProblemError(400, 'INVALID_DATE_RANGE', 'Invalid date range', '`from` is after `to`');
    if (span + 1 > MAX_REPORT_DAYS) {
      throw new ProblemError(
        400,
        'DATE_RANGE_TOO_LARGE',
        'Date range too large',
        `A report covers at most ${MAX_REPORT_DAYS} days`,
      );
    }
    const days = await cache.report(from, to, () => balances.range(from, to));
    const totals = days.reduce(
      (sum, d) => ({
        creditsCents: sum.creditsCents + d.creditsCents,
        debitsCents: sum.debitsCents + d.debitsCents,
        entries: sum.entries + d.entries,
      }),
      { creditsCents: 0, debitsCents: 0, entries: 0 },
    );
    return {
      from,
      to,
      days: days.map(renderBalance),
      totals: {
        credits: formatCents(totals.creditsCents),
        debits: formatCents(totals.debitsCents),
        balance: formatCents(totals.creditsCents - totals.debitsCents),
        entries: totals.entries,
      },
    };
  });
}
