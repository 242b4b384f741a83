import { expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.ts';

it('verifies the right password and rejects a wrong one or a malformed hash', async () => {
  const hash = await hashPassword('correct horse');
  expect(await verifyPassword('correct horse', hash)).toBe(true);
  expect(await verifyPassword('correct horsf', hash)).toBe(false);
  expect(await verifyPassword('correct horse', 'plain')).toBe(false);
});

it('salts every hash', async () => {
  expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
});
