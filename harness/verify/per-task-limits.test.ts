import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../core/run-dir.ts';
import { readPerProcessLimits } from './facts/per-task-limit-facts.ts';
import { comparePerTaskLimits, type PerProcessLimit } from './per-task-limits.ts';

const rateLimit: PerProcessLimit = {
  service: 'auth',
  id: 'rate-limit',
  what: 'a rate limit counted in process memory',
  perProcess: 30,
  unit: 'requests per minute per client address',
  source: 'services/auth/src/routes/token-routes.ts',
};

describe('comparePerTaskLimits', () => {
  test('a per-process limit of a service with more tasks than compose containers is a PER_TASK_LIMIT warning', () => {
    const [found] = comparePerTaskLimits({
      limits: [rateLimit],
      processes: { auth: { compose: 1, aws: 2, awsMax: 6 } },
    });
    expect(found).toMatchObject({
      code: 'PER_TASK_LIMIT',
      severity: 'warning',
      subject: 'auth/rate-limit',
      compose: '1 process(es): 30 requests per minute per client address',
      aws: '2-6 task(s): 60 requests per minute per client address up to 180 requests per minute per client address',
    });
  });

  test('the same process count on both sides gives no finding', () => {
    expect(comparePerTaskLimits({ limits: [rateLimit], processes: { auth: { compose: 1, aws: 1 } } })).toEqual([]);
  });

  test('a limit without a value is counted as separate copies', () => {
    const [found] = comparePerTaskLimits({
      limits: [{ service: 'auth', id: 'memory-cache', what: 'a cache in process memory', source: 'x.ts' }],
      processes: { auth: { compose: 1, aws: 3 } },
    });
    expect(found?.aws).toBe('3 task(s): 3 separate memory-cache(s)');
  });
});

describe('per-process limits in services/', () => {
  const environments = { auth: { AUTH_RATE_LIMIT_PER_MINUTE: '12' }, cashflow: {}, consolidated: {} };

  test("sees auth's rate limit shared through Redis where the deployment gives auth a REDIS_URL", async () => {
    const limits = await readPerProcessLimits(REPO_ROOT, environments, {
      auth: new Set(['REDIS_URL', 'REDIS_AUTH_TOKEN']),
    });
    expect(limits.map((l) => `${l.service}/${l.id}=${l.perProcess}`)).toEqual([
      'auth/db-pool=10',
      'cashflow/db-pool=10',
      'consolidated/db-pool=10',
      'consolidated/amqp-prefetch=100',
    ]);
  });

  test("warns about auth's rate limit when the deployed task definition gives it no Redis", async () => {
    const limits = await readPerProcessLimits(REPO_ROOT, environments, { auth: new Set(['DB_HOST']) });
    const rateLimit = limits.find((l) => l.id === 'rate-limit');
    expect(rateLimit).toMatchObject({ service: 'auth', perProcess: 12 });
    expect(rateLimit?.what).toContain('no REDIS_URL');
    const [found] = comparePerTaskLimits({ limits: [rateLimit!], processes: { auth: { compose: 1, aws: 2 } } });
    expect(found).toMatchObject({ code: 'PER_TASK_LIMIT', subject: 'auth/rate-limit' });
  });
});
