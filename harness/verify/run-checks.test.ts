import { describe, expect, test } from 'vitest';
import { HarnessError } from '../core/harness-error.ts';
import type { ParityCheck } from './check.ts';
import { finding, type Finding } from './finding.ts';
import { parityExitCode, summarizeParity } from './parity-result.ts';
import { runChecks, type CheckProgress } from './run-checks.ts';

interface Context {
  readonly calls: string[];
}

function check(id: string, family: ParityCheck['family'], findings: Finding[] = []): ParityCheck<Context> {
  return {
    id,
    family,
    title: `check ${id}`,
    run: async (context) => {
      context.calls.push(id);
      return findings;
    },
  };
}

const drift = finding({
  code: 'CONFIG_DRIFT',
  subject: 'auth/LOG_LEVEL',
  compose: 'info',
  aws: 'debug',
  explanation: 'x',
});
const skew = finding({ code: 'VERSION_SKEW', subject: 'rabbitmq', compose: '3.10.8', aws: '3.13', explanation: 'x' });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof HarnessError ? error.code : 'not a HarnessError';
  }
  return undefined;
}

describe('runChecks', () => {
  test('runs the families cheapest first, keeping the given order within a family', async () => {
    const context = { calls: [] as string[] };
    const result = await runChecks(
      [
        check('smoke-a', 'smoke'),
        check('static-a', 'static'),
        check('wiring-a', 'wiring'),
        check('static-b', 'static'),
        check('traffic-a', 'traffic'),
      ],
      context,
    );
    expect(context.calls).toEqual(['static-a', 'static-b', 'traffic-a', 'wiring-a', 'smoke-a']);
    expect(result.checks.map((c) => c.id)).toEqual(context.calls);
  });

  test('--only and --skip choose the checks; the others are reported as skipped', async () => {
    const context = { calls: [] as string[] };
    const checks = [check('a', 'static'), check('b', 'static'), check('c', 'traffic')];
    const result = await runChecks(checks, context, { only: ['a', 'c'], skip: ['c'] });
    expect(context.calls).toEqual(['a']);
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([
      ['a', 'passed'],
      ['b', 'skipped'],
      ['c', 'skipped'],
    ]);
  });

  test('an unknown id in --only or --skip, or a duplicate id, stops before any check runs', async () => {
    const context = { calls: [] as string[] };
    expect(await codeOf(runChecks([check('a', 'static')], context, { only: ['nope'] }))).toBe('CHECK_UNKNOWN');
    expect(await codeOf(runChecks([check('a', 'static')], context, { skip: ['nope'] }))).toBe('CHECK_UNKNOWN');
    expect(await codeOf(runChecks([check('a', 'static'), check('a', 'smoke')], context))).toBe('CHECK_DUPLICATE');
    expect(context.calls).toEqual([]);
  });

  test('a check that throws becomes status error, the others still run, and the gate exits 2', async () => {
    const context = { calls: [] as string[] };
    const broken: ParityCheck<Context> = {
      id: 'broken',
      family: 'static',
      title: 'throws',
      run: async () => {
        throw new HarnessError('WAIT_TIMEOUT', 'emulator did not answer with password hunter2-secret');
      },
    };
    const result = await runChecks([broken, check('after', 'traffic', [drift])], context, {
      secrets: ['hunter2-secret'],
    });
    expect(context.calls).toEqual(['after']);
    expect(result.checks[0]).toMatchObject({
      status: 'error',
      error: { code: 'WAIT_TIMEOUT', message: 'emulator did not answer with password ***' },
    });
    expect(result.checks[1]?.status).toBe('failed');
    expect(parityExitCode(result.checks)).toBe(2);
  });

  test('statuses, dispositions and exit codes: errors fail, warnings and accepted findings do not', async () => {
    const context = { calls: [] as string[] };
    const allowList = [{ code: 'CONFIG_DRIFT', subject: 'auth/*', reason: 'decided' }] as const;
    const accepted = await runChecks([check('a', 'static', [drift]), check('b', 'static', [skew])], context, {
      allowList,
    });
    expect(accepted.checks.map((c) => c.status)).toEqual(['passed', 'warned']);
    expect(accepted.checks[0]?.findings[0]).toMatchObject({
      disposition: 'accepted',
      acceptedReason: 'decided',
      check: 'a',
    });
    expect(accepted.checks[1]?.findings[0]?.disposition).toBe('warning');
    expect(parityExitCode(accepted.checks)).toBe(0);
    expect(summarizeParity(accepted.checks)).toEqual({
      checks: { passed: 1, warned: 1, failed: 0, error: 0, skipped: 0, total: 2 },
      findings: { failure: 0, warning: 1, accepted: 1, total: 2 },
    });

    const failing = await runChecks([check('a', 'static', [drift, skew])], context);
    expect(failing.checks[0]?.status).toBe('failed');
    expect(parityExitCode(failing.checks)).toBe(1);
  });

  test('masks known secrets in every finding a check returns', async () => {
    const leaky = finding({
      code: 'CONFIG_DRIFT',
      subject: 'auth/X',
      compose: 'pw=topsecret1',
      aws: 'topsecret1',
      explanation: 'topsecret1',
    });
    const result = await runChecks([check('a', 'static', [leaky])], { calls: [] }, { secrets: ['topsecret1'] });
    expect(JSON.stringify(result)).not.toContain('topsecret1');
  });

  test('reports progress before and after each check, with its duration', async () => {
    const progress: CheckProgress[] = [];
    await runChecks(
      [check('a', 'static'), check('b', 'smoke')],
      { calls: [] },
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress.map((p) => (p.phase === 'start' ? `start ${p.check.id}` : `finish ${p.result.id}`))).toEqual([
      'start a',
      'finish a',
      'start b',
      'finish b',
    ]);
    const finish = progress[1];
    expect(finish?.phase === 'finish' && finish.result.durationMs).toBeGreaterThanOrEqual(0);
  });
});
