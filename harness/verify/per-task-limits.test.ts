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
  test("finds auth's in-memory rate limit with its compose setting, each service's pool and the consumer's prefetch", async () => {
    const limits = await readPerProcessLimits(REPO_ROOT, {
      auth: { AUTH_RATE_LIMIT_PER_MINUTE: '12' },
      cashflow: {},
      consolidated: {},
    });
    expect(limits.map((l) => `${l.service}/${l.id}=${l.perProcess}`)).toEqual([
      'auth/rate-limit=12',
      'auth/db-pool=10',
      'cashflow/db-pool=10',
      'consolidated/db-pool=10',
      'consolidated/amqp-prefetch=100',
    ]);
  });
});
