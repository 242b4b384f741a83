import { afterAll, beforeAll, expect, it } from 'vitest';
import { closedPort, queryDatabase, signTestToken } from '../../shared/test/test-env.ts';
import { startCashflowFixture, type CashflowFixture } from './cashflow-fixture.ts';

let fixture: CashflowFixture;

beforeAll(async () => {
  fixture = await startCashflowFixture({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
});
afterAll(async () => {
  await fixture?.[Symbol.asyncDispose]();
});

it('stays idempotent through the database constraint while Redis is down', async () => {
  const token = await signTestToken();
  const post = (amount: string) =>
    fixture.service.app.inject({
      method: 'POST',
      url: '/api/cashflow/entries',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'no-redis-1' },
      payload: { type: 'credit', amount, date: '2026-08-01', description: 'no redis' },
    });
  const answers = await Promise.all(Array.from({ length: 10 }, () => post('5.00')));
  expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
  expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  expect((await post('6.00')).statusCode).toBe(422);
  const rows = await queryDatabase(fixture.database, 'SELECT id FROM entries');
  expect(rows).toHaveLength(1);
});
