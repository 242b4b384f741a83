import { Redis } from 'ioredis';
import { afterAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../shared/src/index.ts';
import { TEST_SERVERS, uniqueSuffix } from '../../../shared/test/test-env.ts';
import { BalanceCache } from './balance-cache.ts';

const prefix = `t${uniqueSuffix()}:`;
const redis = new Redis(TEST_SERVERS.redis, { keyPrefix: prefix, lazyConnect: true });
const cache = new BalanceCache(redis, createLogger('consolidated', 'silent'), 60);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
  redis.disconnect();
});

/** A loader that counts how often the database would be asked. */
function counting<T>(value: () => T) {
  const loader = async () => {
    loader.calls += 1;
    return value();
  };
  loader.calls = 0;
  return loader;
}

describe('BalanceCache', () => {
  test('a second read of a day is served from Redis', async () => {
    // GIVEN
    const load = counting(() => ({ entries: 1 }));
    // WHEN
    const first = await cache.balance('2030-01-01', load);
    const second = await cache.balance('2030-01-01', load);
    // THEN
    expect(second).toEqual(first);
    expect(load.calls).toBe(1);
  });

  test("a change to one day reloads that day and every report, not other days' balances", async () => {
    // GIVEN
    let entries = 1;
    const changed = counting(() => ({ entries }));
    const other = counting(() => ({ entries: 7 }));
    const report = counting(() => [{ entries }]);
    await cache.balance('2030-02-01', changed);
    await cache.balance('2030-02-02', other);
    await cache.report('2030-02-01', '2030-02-28', report);
    // WHEN
    entries = 2;
    await cache.invalidate('2030-02-01');
    // THEN
    expect(await cache.balance('2030-02-01', changed)).toEqual({ entries: 2 });
    expect(await cache.balance('2030-02-02', other)).toEqual({ entries: 7 });
    expect(await cache.report('2030-02-01', '2030-02-28', report)).toEqual([{ entries: 2 }]);
    expect([changed.calls, other.calls, report.calls]).toEqual([2, 1, 2]);
  });

  test('invalidations of several days asked for at once each reload their day', async () => {
    // GIVEN
    let entries = 1;
    const days = ['2030-05-01', '2030-05-02', '2030-05-03'];
    const loads = days.map(() => counting(() => ({ entries })));
    const untouched = counting(() => ({ entries: 9 }));
    await Promise.all(days.map((day, i) => cache.balance(day, loads[i]!)));
    await cache.balance('2030-05-04', untouched);
    // WHEN the consumer invalidates a batch in one turn
    entries = 2;
    await Promise.all(days.map((day) => cache.invalidate(day)));
    // THEN
    for (const [i, day] of days.entries()) expect(await cache.balance(day, loads[i]!)).toEqual({ entries: 2 });
    expect(await cache.balance('2030-05-04', untouched)).toEqual({ entries: 9 });
    expect(untouched.calls).toBe(1);
  });

  test('a load that races an update is not served after the update', async () => {
    // GIVEN a read that loads the old value while the day changes under it
    let entries = 1;
    const racing = async () => {
      const value = { entries };
      entries = 2;
      await cache.invalidate('2030-03-01');
      return value;
    };
    expect(await cache.balance('2030-03-01', racing)).toEqual({ entries: 1 });
    // WHEN the next read comes
    const next = await cache.balance('2030-03-01', async () => ({ entries }));
    // THEN it sees the update, not the value stored by the racing load
    expect(next).toEqual({ entries: 2 });
  });

  test('with Redis unreachable every read goes to the database', async () => {
    // GIVEN
    const down = new Redis({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    down.on('error', () => undefined);
    const offline = new BalanceCache(down, createLogger('consolidated', 'silent'), 60);
    const load = counting(() => ({ entries: 3 }));
    try {
      // WHEN
      await offline.invalidate('2030-04-01');
      await offline.balance('2030-04-01', load);
      await offline.balance('2030-04-01', load);
      // THEN
      expect(load.calls).toBe(2);
    } finally {
      down.disconnect();
    }
  });
});
