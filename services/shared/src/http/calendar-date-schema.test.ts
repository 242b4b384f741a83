import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../logger.ts';
import { CalendarDate } from './calendar-date-schema.ts';
import { createHttpServer } from './create-http-server.ts';

let app: FastifyInstance;

beforeAll(async () => {
  app = createHttpServer({ logger: createLogger('test', 'silent') });
  app.get('/days/:date', { schema: { params: Type.Object({ date: CalendarDate() }) } }, async () => ({ ok: true }));
  app.get(
    '/twentieth-century',
    { schema: { querystring: Type.Object({ date: CalendarDate({ pattern: '^19' }) }) } },
    async () => ({ ok: true }),
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('CalendarDate', () => {
  it.each(['2026-02-28', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', async (date) => {
    const res = await app.inject({ url: `/days/${date}` });
    expect(res.statusCode).toBe(200);
  });

  it.each(['2026-02-29', '1900-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-1', 'today'])(
    'rejects %s as a schema failure',
    async (date) => {
      const res = await app.inject({ url: `/days/${date}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ in: 'params', path: '/date' }],
      });
    },
  );

  it('takes further constraints next to the calendar check', async () => {
    expect((await app.inject({ url: '/twentieth-century?date=1999-12-31' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/twentieth-century?date=2000-01-01' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/twentieth-century?date=1999-02-29' })).statusCode).toBe(400);
  });
});
