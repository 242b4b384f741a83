import { describe, expect, test } from 'vitest';
import { HarnessError } from '../core/harness-error.ts';
import { PARITY_ALLOW_LIST } from './allow-list.ts';
import { findAllowance, subjectPattern, validateAllowList } from './allow-list-entry.ts';
import { finding } from './finding.ts';

const drift = (subject: string) =>
  finding({ code: 'SHAPE_DRIFT', subject, compose: '1', aws: '2', explanation: 'x', check: 'service-shape' });

describe('subjectPattern', () => {
  test('* stays within one segment, ** crosses segments, the rest is literal', () => {
    expect(subjectPattern('*/desiredCount').test('auth/desiredCount')).toBe(true);
    expect(subjectPattern('*/desiredCount').test('a/b/desiredCount')).toBe(false);
    expect(subjectPattern('consolidated/**').test('consolidated/a/b')).toBe(true);
    expect(subjectPattern('auth/healthCheck.timing').test('auth/healthCheckXtiming')).toBe(false);
  });
});

describe('findAllowance', () => {
  test('matches on code and subject, and on check when the entry names one', () => {
    const entries = [{ code: 'SHAPE_DRIFT', subject: '*/desiredCount', reason: 'r', check: 'service-shape' }] as const;
    expect(findAllowance(drift('auth/desiredCount'), entries)?.reason).toBe('r');
    expect(findAllowance(drift('auth/containerPort'), entries)).toBeUndefined();
    expect(findAllowance({ ...drift('auth/desiredCount'), check: 'other' }, entries)).toBeUndefined();
    expect(findAllowance({ ...drift('auth/desiredCount'), code: 'CONFIG_DRIFT' }, entries)).toBeUndefined();
  });

  test('the project allow-list accepts health check timings but not a different probe', () => {
    expect(findAllowance(drift('cashflow/healthCheck.timing'), PARITY_ALLOW_LIST)).toBeDefined();
    expect(findAllowance(drift('cashflow/healthCheck.command'), PARITY_ALLOW_LIST)).toBeUndefined();
  });
});

describe('validateAllowList', () => {
  test('the project allow-list is valid', () => {
    expect(() => validateAllowList(PARITY_ALLOW_LIST)).not.toThrow();
  });

  test('refuses an entry without a reason', () => {
    let caught: unknown;
    try {
      validateAllowList([{ code: 'CONFIG_DRIFT', subject: 'auth/LOG_LEVEL', reason: ' ' }]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HarnessError);
    expect((caught as HarnessError).code).toBe('ALLOW_LIST_INVALID');
    expect((caught as HarnessError).message).toMatchInlineSnapshot(
      `"allow-list entry 0 (CONFIG_DRIFT auth/LOG_LEVEL) has no reason"`,
    );
  });
});
