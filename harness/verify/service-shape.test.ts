import { findAllowance } from './allow-list-entry.ts';
import { PARITY_ALLOW_LIST } from './allow-list.ts';
import { describe, expect, test } from 'vitest';
import { compareServiceShapes, normalizeHealthCheckCommand, type ServiceShape } from './service-shape.ts';

const probe = (port: number) =>
  `fetch('http://127.0.0.1:${port}/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;

// docker-compose.yml's cashflow, and the ECS service infra/lib/api-service.ts deploys for it.
const COMPOSE_CASHFLOW: ServiceShape = {
  containerPort: 3002,
  healthCheck: {
    command: normalizeHealthCheckCommand(['CMD', 'node', '-e', probe(3002)]),
    intervalSeconds: 5,
    timeoutSeconds: 3,
    retries: 12,
    startPeriodSeconds: 15,
  },
  desiredCount: 1,
};
const AWS_CASHFLOW: ServiceShape = {
  containerPort: 3002,
  healthCheck: {
    command: ['CMD', 'node', '-e', probe(3002)],
    intervalSeconds: 15,
    timeoutSeconds: 5,
    retries: 3,
    startPeriodSeconds: 30,
  },
  desiredCount: 2,
};

describe('compareServiceShapes', () => {
  test('the real shapes differ in health check timing and desired count only', () => {
    const findings = compareServiceShapes({ compose: { cashflow: COMPOSE_CASHFLOW }, aws: { cashflow: AWS_CASHFLOW } });
    expect(findings.map((f) => [f.code, f.subject, f.compose, f.aws])).toEqual([
      [
        'SHAPE_DRIFT',
        'cashflow/healthCheck.timing',
        'interval 5s, timeout 3s, retries 12, start period 15s',
        'interval 15s, timeout 5s, retries 3, start period 30s',
      ],
      ['SHAPE_DRIFT', 'cashflow/desiredCount', '1', '2'],
    ]);
  });

  test('another port, another probe, another command', () => {
    const findings = compareServiceShapes({
      compose: { cashflow: COMPOSE_CASHFLOW },
      aws: {
        cashflow: {
          ...COMPOSE_CASHFLOW,
          containerPort: 8080,
          healthCheck: { ...COMPOSE_CASHFLOW.healthCheck!, command: ['CMD', 'node', '-e', probe(8080)] },
          command: ['node', 'dist/server.js'],
        },
      },
    });
    expect(findings.map((f) => [f.subject, f.compose, f.aws])).toEqual([
      ['cashflow/containerPort', '3002', '8080'],
      [
        'cashflow/healthCheck.command',
        JSON.stringify(['CMD', 'node', '-e', probe(3002)]),
        JSON.stringify(['CMD', 'node', '-e', probe(8080)]),
      ],
      ['cashflow/command', null, '["node","dist/server.js"]'],
    ]);
  });

  test('a health check on one side only is one finding, not a timing one too', () => {
    const { healthCheck: _dropped, ...withoutHealthCheck } = AWS_CASHFLOW;
    const findings = compareServiceShapes({
      compose: { cashflow: COMPOSE_CASHFLOW },
      aws: { cashflow: { ...withoutHealthCheck, desiredCount: 1 } },
    });
    expect(findings.map((f) => [f.subject, f.aws])).toEqual([['cashflow/healthCheck.command', null]]);
  });

  test('a service on one side only', () => {
    const findings = compareServiceShapes({ compose: { auth: {}, cashflow: {} }, aws: { cashflow: {} } });
    expect(findings.map((f) => [f.subject, f.compose, f.aws, f.explanation])).toEqual([
      ['auth', 'service', null, 'auth runs only in compose'],
    ]);
  });

  test('fewer tasks than compose has containers is its own subject, out of reach of the desiredCount allowance', () => {
    const findings = compareServiceShapes({
      compose: { cashflow: COMPOSE_CASHFLOW },
      aws: { cashflow: { ...COMPOSE_CASHFLOW, desiredCount: 0 } },
    });
    expect(findings.map((f) => [f.subject, f.compose, f.aws])).toEqual([
      ['cashflow/desiredCount.belowCompose', '1', '0'],
    ]);
    expect(findAllowance(findings[0]!, PARITY_ALLOW_LIST)).toBeUndefined();
  });

  test("compose's string test is a shell command, as CMD-SHELL", () => {
    expect(normalizeHealthCheckCommand('curl -f http://x/')).toEqual(['CMD-SHELL', 'curl -f http://x/']);
  });
});
