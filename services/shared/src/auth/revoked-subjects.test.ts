import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { TEST_SERVERS, uniqueSuffix } from '../../test/test-env.ts';
import { RevokedSubjects, revokeSubject } from './revoked-subjects.ts';

const key = `test:revoked-subjects:${uniqueSuffix()}`;
const logger = createLogger('test', 'silent');
let writer: Redis;

/** The services' reader, on the test's own key. */
const connectRevokedSubjects = () =>
  RevokedSubjects.connect({ redis: { url: TEST_SERVERS.redis, authToken: undefined, keyPrefix: '' }, logger, key });

beforeAll(() => {
  writer = new Redis(TEST_SERVERS.redis);
});
afterAll(async () => {
  await writer.del(key);
  writer.disconnect();
});

describe('RevokedSubjects', () => {
  it('loads the revocations recorded before it started', async () => {
    const at = await revokeSubject(writer, 'early-bird', key);
    const revoked = connectRevokedSubjects();
    try {
      await revoked.loaded;
      expect(revoked.isRevoked('early-bird', at - 60)).toBe(true);
      expect(revoked.isRevoked('early-bird', at)).toBe(true);
      expect(revoked.isRevoked('early-bird', at + 1)).toBe(false);
      expect(revoked.isRevoked('someone-else', 0)).toBe(false);
    } finally {
      await revoked.close();
    }
  });

  it('learns a revocation published while it runs, without a read per check', async () => {
    const revoked = connectRevokedSubjects();
    try {
      await revoked.loaded;
      expect(revoked.isRevoked('late-comer', 0)).toBe(false);
      await revokeSubject(writer, 'late-comer', key);
      await expect.poll(() => revoked.isRevoked('late-comer', 0), { timeout: 10_000 }).toBe(true);
      expect(await writer.hget(key, 'late-comer')).toMatch(/^\d+$/);
    } finally {
      await revoked.close();
    }
  });

  it('keeps what it had when Redis cannot be reached, and enforces nothing it never learned', async () => {
    const revoked = RevokedSubjects.connect({
      redis: { url: 'redis://127.0.0.1:1', authToken: undefined, keyPrefix: '' },
      logger,
      key,
    });
    try {
      expect(revoked.isRevoked('early-bird', 0)).toBe(false);
    } finally {
      await revoked.close();
    }
  });
});
