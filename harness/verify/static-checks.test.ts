import { describe, expect, test } from 'vitest';
import { PARITY_ALLOW_LIST } from './allow-list.ts';
import { runChecks } from './run-checks.ts';
import { staticChecks, type StaticFacts } from './static-checks.ts';

const probe = ['CMD', 'node', '-e', "fetch('http://127.0.0.1:3001/health/ready')"];

const FACTS: StaticFacts = {
  configuration: {
    compose: {
      auth: { PORT: '3001', LOG_LEVEL: 'info', DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/auth_db' },
    },
    aws: {
      auth: {
        environment: { PORT: '3001', DB_HOST: 'db.rds.amazonaws.com', DB_NAME: 'auth_db' },
        secrets: { LOG_LEVEL: { valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/log-level', value: 'info' } },
      },
    },
  },
  shapes: {
    compose: { auth: { containerPort: 3001, healthCheck: { command: probe, intervalSeconds: 5 }, desiredCount: 1 } },
    aws: { auth: { containerPort: 3001, healthCheck: { command: probe, intervalSeconds: 15 }, desiredCount: 2 } },
  },
  versions: [
    {
      server: 'rabbitmq',
      standIn: { product: 'RabbitMQ', version: '3.10.8' },
      target: { product: 'Amazon MQ', version: '3.13' },
    },
  ],
};

describe('staticChecks', () => {
  // The same check modules the gate runs; here the test asserts what they find on known facts.
  test('run through the gate runner with the project allow-list: accepted shape drift, one version warning', async () => {
    const result = await runChecks(staticChecks(), { staticFacts: FACTS }, { allowList: PARITY_ALLOW_LIST });
    expect(result.checks.map((c) => [c.id, c.family, c.status])).toEqual([
      ['effective-configuration', 'static', 'passed'],
      ['service-shape', 'static', 'passed'],
      ['server-versions', 'static', 'warned'],
    ]);
    expect(result.checks[1]?.findings.map((f) => [f.subject, f.disposition])).toEqual([
      ['auth/healthCheck.timing', 'accepted'],
      ['auth/desiredCount', 'accepted'],
    ]);
  });
});
