import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REVOKED_SUBJECTS_KEY, revokeSubject } from '../../shared/src/index.ts';
import { signTestToken, TEST_SERVERS, uniqueSuffix } from '../../shared/test/test-env.ts';
import { startConsolidatedFixture, type ConsolidatedFixture } from './consolidated-fixture.ts';

// The real shared key (what auth writes), with a subject no other file uses.
const subject = `deleted-${uniqueSuffix()}`;
let fixture: ConsolidatedFixture;
let redis: Redis;

beforeAll(async () => {
  fixture = await startConsolidatedFixture({}, { waitForConsumer: false });
  redis = new Redis(TEST_SERVERS.redis);
});
afterAll(async () => {
  await redis?.hdel(REVOKED_SUBJECTS_KEY, subject);
  redis?.disconnect();
  await fixture?.[Symbol.asyncDispose]();
});

const read = (token: string) =>
  fixture.service.app.inject({
    url: '/api/consolidated/balances/2026-01-02',
    headers: { authorization: `Bearer ${token}` },
  });

it("refuses a deleted user's earlier token as soon as auth publishes the deletion, on the cached path too", async () => {
  const token = await signTestToken({ subject });
  // Accepted, and now in the verified-token cache.
  expect((await read(token)).statusCode).toBe(200);
  await revokeSubject(redis, subject);
  await expect.poll(async () => (await read(token)).json().code, { timeout: 10_000 }).toBe('TOKEN_REVOKED');
  expect((await read(token)).statusCode).toBe(401);
});
