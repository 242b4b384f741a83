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
