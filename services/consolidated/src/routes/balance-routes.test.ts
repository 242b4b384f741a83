import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BalanceRepository } from '../balances/balance-repository.ts';
import { closedPort, signTestToken } from '../../../shared/test/test-env.ts';
import { startConsolidatedFixture, type ConsolidatedFixture } from '../../test/consolidated-fixture.ts';
import { createPool, createLogger } from '../../../shared/src/index.ts';
import { loadConsolidatedConfig } from '../config.ts';

let fixture: ConsolidatedFixture;
let token: string;

beforeAll(async () => {
  // Redis at a closed port: every read must still be answered from PostgreSQL.
  fixture = await startConsolidatedFixture(
    { REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' },
    { waitForConsumer: false },
  );
  token = await signTestToken();
  const config = loadConsolidatedConfig({
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${fixture.database}`,
    AMQP_URL: 'amqp://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    JWT_SIGNING_KEY: 'x'.repeat(32),
  });
  const pool = createPool(config.db, createLogger('test', 'silent'));
  const balances = new BalanceRepository(pool);
  await balances.applyOnce(randomUUID(), 't', { type: 'credit', amountCents: 10_050, date: '2026-09-02' });
  await balances.applyOnce(randomUUID(), 't', { type: 'debit', amountCents: 20_000, date: '2026-09-02' });
  await balances.applyOnce(randomUUID(), 't', { type: 'credit', amountCents: 1, date: '2026-09-04' });
  await pool.end();
});
afterAll(async () => {
  await fixture?.[Symbol.asyncDispose]();
});

function get(url: string, bearer: string | null = token) {
  return fixture.service.app.inject({ url, headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` } });
}

describe('balances and report (Redis down)', () => {
  it('answers a day with entries from the database', async () => {
    const res = await get('/api/consolidated/balances/2026-09-02');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      date: '2026-09-02',
      credits: '100.50',
      debits: '200.00',
      balance: '-99.50',
      entries: 2,
    });
  });

  it('answers zeros, not 404, for a day without entries', async () => {
    const res = await get('/api/consolidated/balances/2026-09-03');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ date: '2026-09-03', credits: '0.00', debits: '0.00', balance: '0.00', entries: 0 });
  });

  it('reports every day of the range with totals', async () => {
    const res = await get('/api/consolidated/report?from=2026-09-01&to=2026-09-04');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-09-01',
      '2026-09-02',
      '2026-09-03',
      '2026-09-04',
    ]);
    expect(report.totals).toEqual({ credits: '100.51', debits: '200.00', balance: '-99.49', entries: 3 });
  });

  it.each([
    ['/api/consolidated/balances/2026-02-30', 400, 'VALIDATION_FAILED'],
    ['/api/consolidated/balances/yesterday', 400, 'VALIDATION_FAILED'],
    ['/api/consolidated/report?from=2026-01-01', 400, 'VALIDATION_FAILED'],
    ['/api/consolidated/report?from=2026-01-01&to=2026-13-01', 400, 'VALIDATION_FAILED'],
    ['/api/consolidated/report?from=2026-02-01&to=2026-01-01', 400, 'INVALID_DATE_RANGE'],
    ['/api/consolidated/report?from=2025-01-01&to=2026-01-02', 400, 'DATE_RANGE_TOO_LARGE'],
    ['/api/consolidated/report?from=2026-01-01&to=2026-01-02&x=1', 400, 'VALIDATION_FAILED'],
  ])('%s -> %i %s', async (url, status, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, code });
  });

  it('accepts a 366-day range', async () => {
    expect((await get('/api/consolidated/report?from=2024-01-01&to=2024-12-31')).statusCode).toBe(200);
  });

  it('requires a token', async () => {
    const res = await get('/api/consolidated/balances/2026-09-02', null);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TOKEN_MISSING');
  });
});
