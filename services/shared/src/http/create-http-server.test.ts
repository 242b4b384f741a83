import { Writable } from 'node:stream';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createHttpServer } from './create-http-server.ts';

it('takes the client address from the one trusted proxy hop, not from what the client wrote', async () => {
  const app = createHttpServer({ logger: createLogger('test', 'silent') });
  app.get('/ip', async (request) => ({ ip: request.ip }));
  const ip = async (forwardedFor?: string) =>
    (
      await app.inject({
        url: '/ip',
        remoteAddress: '10.1.0.5',
        headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      })
    ).json().ip;
  expect(await ip()).toBe('10.1.0.5');
  expect(await ip('203.0.113.7')).toBe('203.0.113.7');
  expect(await ip('198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
  await app.close();
});

it('with two hops (CloudFront then the ALB) takes the address the outer hop saw, never one the client wrote', async () => {
  const app = createHttpServer({ logger: createLogger('test', 'silent'), trustProxyHops: 2 });
  app.get('/ip', async (request) => ({ ip: request.ip }));
  const ip = async (forwardedFor: string) =>
    (await app.inject({ url: '/ip', remoteAddress: '10.1.0.5', headers: { 'x-forwarded-for': forwardedFor } })).json()
      .ip;
  // CloudFront appends the viewer, the ALB appends CloudFront's edge address.
  expect(await ip('203.0.113.7, 10.2.0.9')).toBe('203.0.113.7');
  expect(await ip('198.51.100.1, 203.0.113.7, 10.2.0.9')).toBe('203.0.113.7');
  await app.close();
});

it('logs one line per request, with its method, path, status and time, and no credentials', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const app = createHttpServer({ logger: pino({ level: 'info' }, sink) });
  app.get('/thing', async () => ({ ok: true }));
  await app.inject({ url: '/thing', headers: { authorization: 'Bearer secret-token' } });
  await app.close();
  const requestLines = lines.filter((line) => 'res' in line || 'req' in line);
  expect(requestLines).toHaveLength(1);
  expect(requestLines[0]).toMatchObject({
    msg: 'request completed',
    req: { method: 'GET', url: '/thing' },
    res: { statusCode: 200 },
  });
  expect(requestLines[0]!.responseTime).toEqual(expect.any(Number));
  expect(JSON.stringify(lines)).not.toContain('secret-token');
});
