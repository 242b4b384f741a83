import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { containerOf, logicalIdOf, resourcesOfType, synth, type Synthesized } from './fixtures.ts';

/** Every backticked UPPER_CASE name in docs/configuration.md: the variable contract. */
function contractVariables(): Set<string> {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
  return new Set([...doc.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
}

const SERVICES = [
  { name: 'auth', port: 3001, db: 'auth_db' },
  { name: 'cashflow', port: 3002, db: 'cashflow_db' },
  { name: 'consolidated', port: 3003, db: 'consolidated_db' },
] as const;

describe('ApiService x3', () => {
  let stack: Synthesized;
  beforeAll(() => {
    // GIVEN / WHEN
    stack = synth();
  });

  it.each(SERVICES)(
    'runs $name from its ECR repository at the given tag, named after the service',
    ({ name, port }) => {
      // THEN
      const container = containerOf(stack, name);
      expect(container.Name).toBe(name);
      expect(container.PortMappings).toEqual([expect.objectContaining({ ContainerPort: port, Protocol: 'tcp' })]);
      const repo = logicalIdOf(stack, 'AWS::ECR::Repository', `"cashflow/${name}"`);
      expect(JSON.stringify(container.Image)).toContain(`{"Ref":"${repo}"},":abc123"`);
    },
  );

  it.each(SERVICES)('gives $name a Fargate task with CPU, memory and family cashflow-test-$name', ({ name }) => {
    // THEN
    stack.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: `cashflow-test-${name}`,
      Cpu: '512',
      Memory: '1024',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
    });
  });

  it.each(SERVICES)('health-checks $name on /health/ready in the container', ({ name, port }) => {
    // THEN
    const { HealthCheck } = containerOf(stack, name) as unknown as { HealthCheck: { Command: string[] } };
    expect(HealthCheck.Command.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(HealthCheck.Command[3]).toContain(`http://127.0.0.1:${port}/health/ready`);
  });

  it.each(SERVICES)('ships $name logs to its own log group with a retention', ({ name }) => {
    // THEN
    const { LogConfiguration } = containerOf(stack, name) as unknown as {
      LogConfiguration: { LogDriver: string; Options: Record<string, { Ref: string }> };
    };
    expect(LogConfiguration.LogDriver).toBe('awslogs');
    const group = stack.resources[LogConfiguration.Options['awslogs-group']!.Ref]!;
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toBe(30);
  });

  it.each(SERVICES)('points $name at its own database over verified TLS', ({ name, db }) => {
    // THEN
    const env = Object.fromEntries(containerOf(stack, name).Environment.map((e) => [e.Name, e.Value]));
    const instance = resourcesOfType(stack, 'AWS::RDS::DBInstance')[0]![0];
    expect(env).toMatchObject({
      DB_HOST: { 'Fn::GetAtt': [instance, 'Endpoint.Address'] },
      DB_PORT: '5432',
      DB_NAME: db,
      DB_SSLMODE: 'verify-full',
    });
  });

  it.each(SERVICES)('makes $name refuse to start on a plaintext connection', ({ name }) => {
    // THEN
    const env = Object.fromEntries(containerOf(stack, name).Environment.map((e) => [e.Name, e.Value]));
    expect(env.REQUIRE_TLS).toBe('true');
  });

  it.each(SERVICES)('tells $name that CloudFront and the ALB are two proxy hops in front of it', ({ name }) => {
    // THEN
    const env = Object.fromEntries(containerOf(stack, name).Environment.map((e) => [e.Name, e.Value]));
    expect(env.TRUST_PROXY_HOPS).toBe('2');
  });

  it('gives auth the shared Redis for its rate limit, at the configured limit', () => {
    // GIVEN / WHEN
    const limited = synth({ authRateLimitPerMinute: 5 });
    // THEN
    const env = (s: Synthesized) =>
      Object.fromEntries(containerOf(s, 'auth').Environment.map((e) => [e.Name, e.Value]));
    expect(env(stack)).toMatchObject({ AUTH_RATE_LIMIT_PER_MINUTE: '30', REDIS_URL: expect.anything() });
    expect(env(limited).AUTH_RATE_LIMIT_PER_MINUTE).toBe('5');
  });

  it('rejects an auth rate limit that is not a positive integer', () => {
    // GIVEN / WHEN / THEN
    expect(() => synth({ authRateLimitPerMinute: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[Error: CashflowStack: prop 'authRateLimitPerMinute' must be an integer from 1 to 999999, got 0]`,
    );
  });

  it.each(SERVICES)('never lists a $name variable both in environment and in secrets', ({ name }) => {
    // THEN
    const container = containerOf(stack, name);
    const env = container.Environment.map((e) => e.Name);
    const secrets = container.Secrets.map((s) => s.Name);
    expect(env.filter((n) => secrets.includes(n))).toEqual([]);
  });

  it.each(SERVICES)('uses only variable names from docs/configuration.md for $name', ({ name }) => {
    // THEN
    const contract = contractVariables();
    const container = containerOf(stack, name);
    const names = [...container.Environment.map((e) => e.Name), ...container.Secrets.map((s) => s.Name)];
    expect(names.filter((n) => !contract.has(n))).toEqual([]);
  });

  it('injects credentials from Secrets Manager and settings from SSM, per service', () => {
    // THEN
    const db = logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'cashflow_admin');
    const mq = logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'Amazon MQ');
    const redis = logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'Redis AUTH');
    const jwt = logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'HS256');
    const demo = logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'auth seeds');
    const field = (secret: string, key: string) => ({ 'Fn::Join': ['', [{ Ref: secret }, `:${key}::`]] });
    const ssm = (variable: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ssm:eu-west-1:123456789012:parameter',
          { Ref: logicalIdOf(stack, 'AWS::SSM::Parameter', `/cashflow/test/${variable}"`) },
        ],
      ],
    });
    const common = {
      DB_USERNAME: field(db, 'username'),
      DB_PASSWORD: field(db, 'password'),
      JWT_SIGNING_KEY: { Ref: jwt },
      JWT_KEY_ID: ssm('JWT_KEY_ID'),
      JWT_ISSUER: ssm('JWT_ISSUER'),
      JWT_AUDIENCE: ssm('JWT_AUDIENCE'),
      LOG_LEVEL: ssm('LOG_LEVEL'),
    };
    const busAndCache = {
      AMQP_USERNAME: field(mq, 'username'),
      AMQP_PASSWORD: field(mq, 'password'),
      BUS_NAMESPACE: ssm('BUS_NAMESPACE'),
      REDIS_AUTH_TOKEN: { Ref: redis },
    };
    const secretsOf = (name: string) =>
      Object.fromEntries(containerOf(stack, name).Secrets.map((s) => [s.Name, s.ValueFrom]));
    expect(secretsOf('auth')).toEqual({ ...common, REDIS_AUTH_TOKEN: { Ref: redis }, DEMO_PASSWORD: { Ref: demo } });
    expect(secretsOf('cashflow')).toEqual({ ...common, ...busAndCache });
    expect(secretsOf('consolidated')).toEqual({ ...common, ...busAndCache, AMQP_QUEUE_TYPE: ssm('AMQP_QUEUE_TYPE') });
  });

  it('lets the execution roles read exactly the secrets their tasks reference', () => {
    // THEN
    const jwt = logicalIdOf(stack, 'AWS::SecretsManager::Secret', 'HS256');
    const policies = resourcesOfType(stack, 'AWS::IAM::Policy').filter(([id]) => id.includes('ExecutionRole'));
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(JSON.stringify(policy.Properties)).toContain('secretsmanager:GetSecretValue');
      expect(JSON.stringify(policy.Properties)).toContain(`{"Ref":"${jwt}"}`);
      expect(JSON.stringify(policy.Properties)).toContain('ssm:GetParameters');
    }
  });

  it('scales every service between its min and max capacity', () => {
    // THEN
    const targets = resourcesOfType(stack, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(targets).toHaveLength(3);
    for (const [, target] of targets) {
      expect(target.Properties).toMatchObject({
        MinCapacity: 2,
        MaxCapacity: 6,
        ScalableDimension: 'ecs:service:DesiredCount',
        ServiceNamespace: 'ecs',
      });
    }
  });

  it.each([
    ['ECSServiceAverageCPUUtilization', 60],
    ['ECSServiceAverageMemoryUtilization', 70],
  ])('tracks %s at %i%% on each service', (metric, target) => {
    // THEN
    const policies = resourcesOfType(stack, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter(
      ([, p]) =>
        JSON.stringify(p.Properties).includes(`"PredefinedMetricType":"${metric}"`) &&
        p.Properties.PolicyType === 'TargetTrackingScaling',
    );
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      expect(policy.Properties.TargetTrackingScalingPolicyConfiguration).toMatchObject({ TargetValue: target });
    }
  });

  it('applies the capacity props to every service', () => {
    // GIVEN / WHEN
    const sized = synth({
      serviceMinCapacity: 1,
      serviceMaxCapacity: 3,
      serviceCpu: 1024,
      serviceMemoryLimitMiB: 2048,
    });
    // THEN
    sized.template.resourcePropertiesCountIs(
      'AWS::ApplicationAutoScaling::ScalableTarget',
      { MinCapacity: 1, MaxCapacity: 3 },
      3,
    );
    sized.template.resourcePropertiesCountIs('AWS::ECS::TaskDefinition', { Cpu: '1024', Memory: '2048' }, 3);
  });

  it('rolls back a failed deployment and keeps full capacity while deploying', () => {
    // THEN
    stack.template.resourcePropertiesCountIs(
      'AWS::ECS::Service',
      {
        LaunchType: 'FARGATE',
        DeploymentConfiguration: Match.objectLike({
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
        }),
      },
      3,
    );
  });
});
