import { expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createHttpServer } from './create-http-server.ts';
import { PlainText } from './plain-text-schema.ts';

it.each([
  ['plain words', 'Rent, March', 200],
  ['accents, emoji and right-to-left text', 'café 😀 \u202eabc \u05d0', 200],
  ['tab and line breaks', 'a\tb\r\nc', 200],
  ['NUL', 'x\u0000y', 400],
  ['another control character', 'bell\u0007', 400],
  ['DEL', 'x\u007f', 400],
  ['a lone high surrogate', 'a\ud800', 400],
  ['a lone low surrogate', '\udc00b', 400],
])('%s -> %i', async (_name, text, status) => {
  const app = createHttpServer({ logger: createLogger('test', 'silent') });
  app.post('/echo', { schema: { body: PlainText({ maxLength: 50 }) } }, async (request) => ({ text: request.body }));
  const response = await app.inject({
    method: 'POST',
    url: '/echo',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(text),
  });
  await app.close();
  expect(response.statusCode).toBe(status);
  if (status === 200) expect(response.json()).toEqual({ text });
  else expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
});
