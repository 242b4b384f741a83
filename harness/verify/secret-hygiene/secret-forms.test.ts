import { describe, expect, test } from 'vitest';
import { findSecrets, secretFingerprint, secretForms } from './secret-forms.ts';

const secret = { name: 'aws/cashflow/DB_PASSWORD', value: 'Zq7sEcretPassw0rdZq7xx' };

describe('findSecrets', () => {
  test.each([
    ['as is', `connecting with password ${secret.value} to db`],
    ['URL-encoded in a URI', `postgres://app:${encodeURIComponent(secret.value + '/+')}@db/x`],
    [
      'inside a Basic header, at any alignment',
      `authorization: Basic ${Buffer.from(`app:${secret.value}`).toString('base64')}`,
    ],
    ['base64 at offset 1', Buffer.from(`ab${secret.value}`).toString('base64')],
    ['base64 at offset 2', Buffer.from(`abc${secret.value}`).toString('base64')],
    ['base64url', Buffer.from(`x${secret.value}`).toString('base64url')],
  ])('finds a secret written %s, naming the line and never the value', (_how, line) => {
    const hits = findSecrets('service.log', `first line\n${line}\nlast line`, [secret]);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      where: 'service.log:2',
      secret: secret.name,
      fingerprint: secretFingerprint(secret.value),
    });
    expect(JSON.stringify(hits)).not.toContain(secret.value);
  });

  test('finds nothing in text without the secret', () => {
    expect(findSecrets('x', 'password=*** token=[redacted]\nZq7sEcret', [secret])).toEqual([]);
  });

  test('forms are long enough not to match by chance', () => {
    for (const form of secretForms('abcdefgh')) expect(form.text.length).toBeGreaterThanOrEqual(8);
  });
});
