import { describe, expect, test } from 'vitest';
import { finding, maskFinding, maskSecrets } from './finding.ts';

describe('maskSecrets', () => {
  test('replaces every occurrence of every secret with ***', () => {
    expect(maskSecrets('a=s3cr3t-value b=s3cr3t-value c=other-pass', ['s3cr3t-value', 'other-pass'])).toBe(
      'a=*** b=*** c=***',
    );
  });

  test('masks the longer secret whole when one secret contains another', () => {
    expect(maskSecrets('token=abcdef123456', ['abc', 'abcdef123456'])).toBe('token=***');
  });

  test('masks the URL-encoded form of a secret inside a connection URL', () => {
    const password = 'p@ss/wo:rd';
    expect(maskSecrets(`amqps://admin:${encodeURIComponent(password)}@mq:5671`, [password])).toBe(
      'amqps://admin:***@mq:5671',
    );
  });

  test('ignores empty secrets and keeps null as null', () => {
    expect(maskSecrets('unchanged', [''])).toBe('unchanged');
    expect(maskSecrets(null, ['x'])).toBeNull();
  });
});

describe('finding', () => {
  test("takes its code's default severity", () => {
    const warning = finding({ code: 'VERSION_SKEW', subject: 'rabbitmq', compose: 'a', aws: 'b', explanation: 'e' });
    const error = finding({ code: 'CONFIG_DRIFT', subject: 'auth/X', compose: 'a', aws: 'b', explanation: 'e' });
    expect([warning.severity, error.severity]).toEqual(['warning', 'error']);
  });

  test('maskFinding masks subject, both values and the explanation', () => {
    const masked = maskFinding(
      finding({
        code: 'CONFIG_DRIFT',
        subject: 'svc/hunter22',
        compose: 'hunter22',
        aws: 'x hunter22',
        explanation: 'hunter22!',
      }),
      ['hunter22'],
    );
    expect(JSON.stringify(masked)).not.toContain('hunter22');
  });
});
