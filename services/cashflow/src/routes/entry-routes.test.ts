import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDatabase, signTestToken } from '../../../shared/test/test-env.ts';
import { startCashflowFixture, type CashflowFixture } from '../../test/cashflow-fixture.ts';

let fixture: CashflowFixture;
let token: string;

beforeAll(async () => {
  // The broker is not needed here; a closed port also shows entries are accepted without it.
  fixture = await startCashflowFixture({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' });
  token = await signTestToken();
});
afterAll(async () => {
  await fixture?.[Symbol.asyncDispose]();
});

const validBody = { type: 'credit', amount: '123.45', date: '2026-03-01', description: 'sale' };

function post(body: unknown, key: string | undefined, headers: Record<string, string> = {}) {
  return fixture.service.app.inject({
    method: 'POST',
    url: '/api/cashflow/entries',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
      ...headers,
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function counts() {
  const [row] = await queryDatabase<{ entries: string; outbox: string; keys: string }>(
    fixture.database,
    `SELECT (SELECT count(*) FROM entries) AS entries, (SELECT count(*) FROM outbox) AS outbox,
            (SELECT count(*) FROM idempotency_keys) AS keys`,
  );
  return row;
}

describe('POST /api/cashflow/entries', () => {
  it('creates an entry and its outbox row, and lists it by date', async () => {
    const res = await post({ ...validBody, date: '2026-03-02' }, 'create-1');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ type: 'credit', amount: '123.45', date: '2026-03-02', description: 'sale' });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);

    const rows = await queryDatabase<{ amount_cents: string }>(
      fixture.database,
      'SELECT amount_cents FROM entries WHERE id = $1',
      [body.id],
    );
    expect(rows).toEqual([{ amount_cents: '12345' }]);
    const outbox = await queryDatabase<{ payload: string }>(fixture.database, 'SELECT payload FROM outbox');
    const envelope = outbox.map((r) => JSON.parse(r.payload)).find((e) => e.message.entryId === body.id);
    expect(envelope.messageType).toEqual([`urn:message:${fixture.namespace}:EntryRegistered`]);
    expect(envelope.message.amountCents).toBe(12345);

    const list = await fixture.service.app.inject({
      url: '/api/cashflow/entries?date=2026-03-02',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().entries).toEqual([body]);
  });

  it('accepts integer cents and answers with a decimal string', async () => {
    const res = await post({ ...validBody, type: 'debit', amount: 5 }, 'cents-1');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ type: 'debit', amount: '0.05' });
  });

  it('creates exactly one entry for 50 concurrent requests with one key, all answered alike', async () => {
    const before = await counts();
    const body = { ...validBody, description: 'concurrent' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(body, 'concurrent-key')));
    const after = await counts();

    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(Number(after?.entries) - Number(before?.entries)).toBe(1);
    expect(Number(after?.outbox) - Number(before?.outbox)).toBe(1);
  });

  it('answers 422 when a key is reused with a different body, writing nothing', async () => {
    expect((await post(validBody, 'reused-key')).statusCode).toBe(201);
    const before = await counts();
    const res = await post({ ...validBody, amount: '1.00' }, 'reused-key');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_CONFLICT');
    expect(await counts()).toEqual(before);
  });
});

describe('bad input writes nothing', () => {
  const cases: Array<[string, unknown, number, string]> = [
    ['type: wrong type', { ...validBody, type: 1 }, 400, 'VALIDATION_FAILED'],
    ['type: unknown value', { ...validBody, type: 'refund' }, 400, 'VALIDATION_FAILED'],
    ['type: missing', { amount: '1.00', date: '2026-03-01', description: 'x' }, 400, 'VALIDATION_FAILED'],
    ['amount: wrong type', { ...validBody, amount: true }, 400, 'VALIDATION_FAILED'],
    ['amount: float number', { ...validBody, amount: 12.5 }, 400, 'VALIDATION_FAILED'],
    ['amount: three decimals', { ...validBody, amount: '1.005' }, 400, 'VALIDATION_FAILED'],
    ['amount: not a number', { ...validBody, amount: '12,50' }, 400, 'VALIDATION_FAILED'],
    ['amount: negative', { ...validBody, amount: '-1.00' }, 400, 'VALIDATION_FAILED'],
    ['amount: zero string', { ...validBody, amount: '0.00' }, 400, 'VALIDATION_FAILED'],
    ['amount: zero cents', { ...validBody, amount: 0 }, 400, 'VALIDATION_FAILED'],
    ['amount: too large string', { ...validBody, amount: '1000000000.00' }, 400, 'VALIDATION_FAILED'],
    ['amount: too large cents', { ...validBody, amount: 100_000_000_000 }, 400, 'VALIDATION_FAILED'],
    ['date: wrong type', { ...validBody, date: 20260301 }, 400, 'VALIDATION_FAILED'],
    ['date: wrong format', { ...validBody, date: '01/03/2026' }, 400, 'VALIDATION_FAILED'],
    ['date: not a real day', { ...validBody, date: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
    ['date: out of range', { ...validBody, date: '0001-01-01' }, 400, 'VALIDATION_FAILED'],
    ['description: wrong type', { ...validBody, description: 5 }, 400, 'VALIDATION_FAILED'],
    ['description: too long', { ...validBody, description: 'x'.repeat(281) }, 400, 'VALIDATION_FAILED'],
    [
      'description: NUL (PostgreSQL text refuses it)',
      { ...validBody, description: 'x\u0000y' },
      400,
      'VALIDATION_FAILED',
    ],
    ['description: lone surrogate', { ...validBody, description: 'a\ud800' }, 400, 'VALIDATION_FAILED'],
    ['unknown field', { ...validBody, currency: 'BRL' }, 400, 'VALIDATION_FAILED'],
    ['body is an array', [validBody], 400, 'VALIDATION_FAILED'],
    ['invalid JSON', '{"type": "credit",', 400, 'INVALID_JSON'],
    ['oversize body', { ...validBody, description: 'x'.repeat(70_000) }, 413, 'BODY_TOO_LARGE'],
  ];

  // The title's placeholders take the row in order, so the body comes after what the title shows.
  it.each(cases.map(([name, body, status, code], i) => [name, status, code, body, i] as const))(
    '%s -> %i %s',
    async (_name, status, code, body, index) => {
      const before = await counts();
      const res = await post(body, `bad-${index}`);
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status, code });
      expect(await counts()).toEqual(before);
    },
  );

  it('rejects a missing Idempotency-Key', async () => {
    const before = await counts();
    const res = await post(validBody, undefined);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await counts()).toEqual(before);
  });

  it('rejects a non-JSON content type with 415', async () => {
    const before = await counts();
    const res = await post('type=credit', 'form-1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['missing', () => Promise.resolve(undefined), 'TOKEN_MISSING'],
    ['expired', () => signTestToken({ expiresIn: Math.floor(Date.now() / 1000) - 60 }), 'TOKEN_EXPIRED'],
    ['forged', () => signTestToken({ key: 'another-key-that-is-long-enough-0123456789' }), 'TOKEN_SIGNATURE_INVALID'],
    ['unknown kid', () => signTestToken({ kid: 'k9' }), 'TOKEN_INVALID'],
    ['wrong issuer', () => signTestToken({ issuer: 'someone-else' }), 'TOKEN_ISSUER_INVALID'],
  ])('answers 401 for a %s token', async (_name, makeToken, code) => {
    const before = await counts();
    const bearer = await makeToken();
    const res = await fixture.service.app.inject({
      method: 'POST',
      url: '/api/cashflow/entries',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `jwt-${_name}`,
        ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
      },
      payload: JSON.stringify(validBody),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, code });
    expect(await counts()).toEqual(before);
  });

  it('answers 400 for a bad date on GET /entries and 404 problem for unknown routes', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const bad = await fixture.service.app.inject({ url: '/api/cashflow/entries?date=2026-13-01', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const missing = await fixture.service.app.inject({ url: '/api/cashflow/nope', headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
  });

  it('is ready while the broker is unreachable', async () => {
    const res = await fixture.service.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
  });
});
