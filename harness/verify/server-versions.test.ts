import { describe, expect, test } from 'vitest';
import { compareServerVersions } from './server-versions.ts';

describe('compareServerVersions', () => {
  test("Debian's RabbitMQ against Amazon MQ is a VERSION_SKEW warning naming both", () => {
    const findings = compareServerVersions([
      {
        server: 'rabbitmq',
        standIn: { product: 'RabbitMQ', version: '3.10.8' },
        target: { product: 'Amazon MQ for RabbitMQ', version: '3.13' },
      },
    ]);
    expect(findings).toEqual([
      {
        code: 'VERSION_SKEW',
        severity: 'warning',
        check: 'server-versions',
        subject: 'rabbitmq',
        compose: 'RabbitMQ 3.10.8',
        aws: 'Amazon MQ for RabbitMQ 3.13',
        explanation:
          'rabbitmq: the local stand-in runs RabbitMQ 3.10.8, the target runs Amazon MQ for RabbitMQ 3.13; behaviour new in the target is not covered',
      },
    ]);
  });

  test('patch levels do not count; the significant components can be chosen per server', () => {
    const findings = compareServerVersions([
      {
        server: 'redis',
        standIn: { product: 'Redis', version: '7.0.15' },
        target: { product: 'ElastiCache', version: '7.1' },
      },
      {
        server: 'redis-same',
        standIn: { product: 'Redis', version: '7.1.3' },
        target: { product: 'ElastiCache', version: '7.1' },
      },
      {
        server: 'postgres',
        standIn: { product: 'PostgreSQL', version: '16.6 (Debian 16.6-1)' },
        target: { product: 'RDS for PostgreSQL', version: '16.4' },
        significantComponents: 1,
      },
      {
        server: 'postgres-major',
        standIn: { product: 'PostgreSQL', version: '15.10' },
        target: { product: 'RDS for PostgreSQL', version: '16.4' },
        significantComponents: 1,
      },
    ]);
    expect(findings.map((f) => f.subject)).toEqual(['redis', 'postgres-major']);
  });
});
