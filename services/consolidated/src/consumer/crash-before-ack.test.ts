import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConsolidatedConfig } from '../config.ts';
import { crashBeforeAck } from './crash-before-ack.ts';

describe('TEST_ONLY_CRASH_BEFORE_ACK_OF', () => {
  it('crashes once, at the nth applied message', () => {
    let crashes = 0;
    const hook = crashBeforeAck(3, pino({ level: 'silent' }), () => crashes++);
    const seen = [1, 2, 3, 4, 5].map(() => {
      hook();
      return crashes;
    });
    expect(seen).toEqual([0, 0, 1, 1, 1]);
  });

  it('is off unless the variable is set, and must be a positive count', () => {
    const base = {
      DB_HOST: 'db',
      DB_USER: 'u',
      DB_PASSWORD: 'p',
      AMQP_URL: 'amqp://rabbitmq:5672',
      REDIS_URL: 'redis://redis:6379',
      JWT_SIGNING_KEY: 'k'.repeat(32),
    };
    expect(loadConsolidatedConfig(base).testOnlyCrashBeforeAckOf).toBeUndefined();
    expect(loadConsolidatedConfig({ ...base, TEST_ONLY_CRASH_BEFORE_ACK_OF: '500' }).testOnlyCrashBeforeAckOf).toBe(
      500,
    );
    expect(() => loadConsolidatedConfig({ ...base, TEST_ONLY_CRASH_BEFORE_ACK_OF: '0' })).toThrow(
      /TEST_ONLY_CRASH_BEFORE_ACK_OF/,
    );
  });
});
