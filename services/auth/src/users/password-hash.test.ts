import { expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.ts';

// A lower cost keeps the test quick; the cost travels in the hash, so verification is unchanged.
const testCost = 2 ** 12;

it('hashes with the production cost by default', async () => {
  expect(await hashPassword('x')).toMatch(/^scrypt\$32768\$8\$1\$/);
});

it('verifies the right password and rejects a wrong one or a malformed hash', async () => {
  const hash = await hashPassword('correct horse', testCost);
  expect(await verifyPassword('correct horse', hash)).toBe(true);
  expect(await verifyPassword('correct horsf', hash)).toBe(false);
  expect(await verifyPassword('correct horse', 'plain')).toBe(false);
});

it('salts every hash', async () => {
  expect(await hashPassword('same', testCost)).not.toBe(await hashPassword('same', testCost));
});
