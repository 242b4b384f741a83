import { describe, expect, test } from 'vitest';
import {
  compareEffectiveConfiguration,
  type AwsServiceConfiguration,
  type EffectiveConfigurationInput,
} from './effective-configuration.ts';

// docker-compose.yml's environment of the three API services, interpolated with its defaults.
const SIGNING_KEY = 'local-development-signing-key-0123456789';
const JWT = {
  JWT_SIGNING_KEY: SIGNING_KEY,
  JWT_KEY_ID: 'local-1',
  JWT_ISSUER: 'cashflow-auth',
  JWT_AUDIENCE: 'cashflow',
};
const COMPOSE: EffectiveConfigurationInput['compose'] = {
  auth: {
    HOST: '0.0.0.0',
    PORT: '3001',
    LOG_LEVEL: 'info',
    DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/auth_db',
    ...JWT,
    JWT_TTL_SECONDS: '900',
    DEMO_USERNAME: 'demo',
    DEMO_PASSWORD: 'demo-password',
  },
  cashflow: {
    HOST: '0.0.0.0',
    PORT: '3002',
    LOG_LEVEL: 'info',
    DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/cashflow_db',
    AMQP_URL: 'amqp://guest:guest@rabbitmq:5672',
    BUS_NAMESPACE: 'Cashflow.Contracts',
    REDIS_URL: 'redis://redis:6379',
    ...JWT,
  },
  consolidated: {
    HOST: '0.0.0.0',
    PORT: '3003',
    LOG_LEVEL: 'info',
    DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/consolidated_db',
    AMQP_URL: 'amqp://guest:guest@rabbitmq:5672',
    AMQP_QUEUE_TYPE: 'quorum',
    BUS_NAMESPACE: 'Cashflow.Contracts',
    REDIS_URL: 'redis://redis:6379',
    ...JWT,
  },
};

// The deployed task definitions as infra/lib/cashflow-stack.ts writes them, resolved in the emulator.
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret';
const SSM = 'arn:aws:ssm:us-east-1:123456789012:parameter/cashflow';
const DB_PASSWORD = 'Gx7rTq2mWv9kLp4sZb8n';
const MQ_PASSWORD = 'Hn3kPw8qRt5vXz2mLc7b';
const REDIS_TOKEN = 'Yq4mNv8sKp2wRt6zBx3cJh7d';
const AWS_SIGNING_KEY = 'Rk8vQm3pXn7tWz2sLb5yHc9gFd4jMa6e';
const ssm = (name: string, value: string) => ({ valueFrom: `${SSM}/${name}`, value });

function awsService(
  name: 'auth' | 'cashflow' | 'consolidated',
  port: number,
  extra: Partial<AwsServiceConfiguration> = {},
): AwsServiceConfiguration {
  const busAndCache = name !== 'auth';
  return {
    environment: {
      DB_HOST: 'cashflow-db.abc123.us-east-1.rds.amazonaws.com',
      DB_PORT: '5432',
      DB_NAME: `${name}_db`,
      DB_SSLMODE: 'verify-full',
      ...(busAndCache
        ? {
            AMQP_URL: 'amqps://b-1234.mq.us-east-1.amazonaws.com:5671',
            REDIS_URL: 'rediss://master.cashflow.abc123.use1.cache.amazonaws.com:6379',
          }
        : { DEMO_USERNAME: 'demo' }),
      PORT: String(port),
      ...extra.environment,
    },
    secrets: {
      DB_USERNAME: { valueFrom: `${ARN}:cashflow-db-AbCdEf:username::`, value: 'app' },
      DB_PASSWORD: { valueFrom: `${ARN}:cashflow-db-AbCdEf:password::`, value: DB_PASSWORD },
      JWT_SIGNING_KEY: { valueFrom: `${ARN}:cashflow-jwt-GhIjKl`, value: AWS_SIGNING_KEY },
      JWT_KEY_ID: ssm('jwt-key-id', 'local-1'),
      JWT_ISSUER: ssm('jwt-issuer', 'cashflow-auth'),
      JWT_AUDIENCE: ssm('jwt-audience', 'cashflow'),
      LOG_LEVEL: ssm('log-level', 'info'),
      ...(busAndCache
        ? {
            AMQP_USERNAME: { valueFrom: `${ARN}:cashflow-mq-MnOpQr:username::`, value: 'admin' },
            AMQP_PASSWORD: { valueFrom: `${ARN}:cashflow-mq-MnOpQr:password::`, value: MQ_PASSWORD },
            BUS_NAMESPACE: ssm('bus-namespace', 'Cashflow.Contracts'),
            REDIS_AUTH_TOKEN: { valueFrom: `${ARN}:cashflow-redis-StUvWx`, value: REDIS_TOKEN },
          }
        : { DEMO_PASSWORD: { valueFrom: `${ARN}:cashflow-demo-YzAbCd`, value: 'Pq9wXs2dFg5hJk8l' } }),
      ...(name === 'consolidated' ? { AMQP_QUEUE_TYPE: ssm('amqp-queue-type', 'quorum') } : {}),
      ...extra.secrets,
    },
  };
}

const AWS: EffectiveConfigurationInput['aws'] = {
  auth: awsService('auth', 3001),
  cashflow: awsService('cashflow', 3002),
  consolidated: awsService('consolidated', 3003),
};

const ALL_SECRETS = [SIGNING_KEY, 'demo-password', DB_PASSWORD, MQ_PASSWORD, REDIS_TOKEN, AWS_SIGNING_KEY];

function withAws(service: keyof typeof AWS, change: (config: AwsServiceConfiguration) => AwsServiceConfiguration) {
  return { compose: COMPOSE, aws: { ...AWS, [service]: change(AWS[service]!) } };
}

function expectNoSecret(findings: unknown): void {
  const text = JSON.stringify(findings);
  for (const secret of ALL_SECRETS) expect(text).not.toContain(secret);
}

describe('compareEffectiveConfiguration on the real keys', () => {
  test('the wiring infra deploys differs from compose only in connection values, secrets and one defaulted setting', () => {
    const findings = compareEffectiveConfiguration({ compose: COMPOSE, aws: AWS });
    expect(findings.map((f) => [f.code, f.subject, f.compose, f.aws])).toEqual([
      ['KEY_MISSING', 'auth/JWT_TTL_SECONDS', '900', null],
    ]);
  });

  test("a setting missing on one side is compared as the service's default when one is given", () => {
    const findings = compareEffectiveConfiguration(
      { compose: COMPOSE, aws: AWS },
      { defaults: { auth: { JWT_TTL_SECONDS: '900' } } },
    );
    expect(findings).toEqual([]);
  });
});

describe('compareEffectiveConfiguration finds seeded defects', () => {
  test('CONFIG_DRIFT names the setting and shows both values', () => {
    const findings = compareEffectiveConfiguration(
      withAws('cashflow', (c) => ({ ...c, secrets: { ...c.secrets, LOG_LEVEL: ssm('log-level', 'debug') } })),
      { defaults: { auth: { JWT_TTL_SECONDS: '900' } } },
    );
    expect(findings).toEqual([
      {
        code: 'CONFIG_DRIFT',
        severity: 'error',
        check: 'effective-configuration',
        subject: 'cashflow/LOG_LEVEL',
        compose: 'info',
        aws: 'debug',
        explanation: 'setting LOG_LEVEL differs; only connection values may differ',
      },
    ]);
  });

  test('SECRET_IN_ENVIRONMENT for a secret-class key in the plain environment, value masked', () => {
    const findings = compareEffectiveConfiguration(
      withAws('consolidated', (c) => {
        const { JWT_SIGNING_KEY: _moved, ...secrets } = c.secrets;
        return { environment: { ...c.environment, JWT_SIGNING_KEY: AWS_SIGNING_KEY }, secrets };
      }),
      { defaults: { auth: { JWT_TTL_SECONDS: '900' } } },
    );
    expect(findings.map((f) => [f.code, f.subject, f.compose, f.aws])).toEqual([
      ['SECRET_IN_ENVIRONMENT', 'consolidated/JWT_SIGNING_KEY', '***', '***'],
    ]);
    expectNoSecret(findings);
  });

  test('SECRET_IN_ENVIRONMENT for a setting whose value is a known secret, and for a URL with a password', () => {
    const findings = compareEffectiveConfiguration(
      withAws('cashflow', (c) => ({
        ...c,
        environment: {
          ...c.environment,
          OUTBOX_POLL_INTERVAL_MS: DB_PASSWORD,
          AMQP_URL: 'amqps://admin:not-a-known-one-9@b-1234.mq.us-east-1.amazonaws.com:5671',
        },
      })),
      { defaults: { auth: { JWT_TTL_SECONDS: '900' }, cashflow: { OUTBOX_POLL_INTERVAL_MS: '500' } } },
    );
    expect(
      findings.filter((f) => f.code === 'SECRET_IN_ENVIRONMENT').map((f) => [f.subject, f.compose, f.aws]),
    ).toEqual([
      [
        'cashflow/AMQP_URL',
        'amqp://guest:***@rabbitmq:5672',
        'amqps://admin:***@b-1234.mq.us-east-1.amazonaws.com:5671',
      ],
      ['cashflow/OUTBOX_POLL_INTERVAL_MS', null, '***'],
    ]);
    expect(JSON.stringify(findings)).not.toContain('not-a-known-one-9');
    expectNoSecret(findings);
  });

  test('SECRET_UNRESOLVED names the valueFrom and its JSON key, and is not reported again as missing', () => {
    const findings = compareEffectiveConfiguration(
      withAws('auth', (c) => ({
        ...c,
        secrets: {
          ...c.secrets,
          DB_PASSWORD: { valueFrom: `${ARN}:cashflow-db-AbCdEf:pasword::`, error: 'JSON key pasword not in secret' },
          JWT_ISSUER: { valueFrom: `${SSM}/jwt-issuer`, error: 'ParameterNotFound' },
        },
      })),
      { defaults: { auth: { JWT_TTL_SECONDS: '900' } } },
    );
    expect(findings.map((f) => [f.code, f.subject, f.aws])).toEqual([
      ['SECRET_UNRESOLVED', 'auth/DB_PASSWORD', `${ARN}:cashflow-db-AbCdEf:pasword::`],
      ['SECRET_UNRESOLVED', 'auth/JWT_ISSUER', `${SSM}/jwt-issuer`],
    ]);
    expect(findings[0]?.explanation).toMatchInlineSnapshot(
      `"DB_PASSWORD comes from arn:aws:secretsmanager:us-east-1:123456789012:secret:cashflow-db-AbCdEf:pasword:: (JSON key "pasword"), which does not resolve: JSON key pasword not in secret; ECS would not start the task"`,
    );
  });

  test('KEY_MISSING for a connection one side lacks, naming the keys the other side has', () => {
    const findings = compareEffectiveConfiguration(
      withAws('cashflow', (c) => {
        const { REDIS_URL: _url, ...environment } = c.environment;
        const { REDIS_AUTH_TOKEN: _token, ...secrets } = c.secrets;
        return { environment, secrets };
      }),
      { defaults: { auth: { JWT_TTL_SECONDS: '900' } } },
    );
    expect(findings.map((f) => [f.code, f.subject, f.compose, f.aws])).toEqual([
      ['KEY_MISSING', 'cashflow/cache connection', 'REDIS_URL', null],
    ]);
  });

  test('KEY_MISSING for a connection whose login is left without its address', () => {
    const findings = compareEffectiveConfiguration(
      withAws('cashflow', (c) => {
        const { REDIS_URL: _url, ...environment } = c.environment;
        return { ...c, environment };
      }),
      { defaults: { auth: { JWT_TTL_SECONDS: '900' } } },
    );
    expect(findings.map((f) => [f.code, f.subject, f.compose, f.aws])).toEqual([
      ['KEY_MISSING', 'cashflow/cache connection', 'REDIS_URL', 'REDIS_AUTH_TOKEN'],
    ]);
  });

  test('KEY_MISSING for a secret set on one side only, without its value', () => {
    const findings = compareEffectiveConfiguration(
      withAws('cashflow', (c) => {
        const { JWT_SIGNING_KEY: _key, ...secrets } = c.secrets;
        return { ...c, secrets };
      }),
      { defaults: { auth: { JWT_TTL_SECONDS: '900' } } },
    );
    expect(findings.map((f) => [f.code, f.subject, f.compose, f.aws])).toEqual([
      ['KEY_MISSING', 'cashflow/JWT_SIGNING_KEY', '***', null],
    ]);
  });

  test('a custom classifier decides instead of the rules', () => {
    const findings = compareEffectiveConfiguration(
      { compose: { svc: { MODE: 'a' } }, aws: { svc: { environment: { MODE: 'b' }, secrets: {} } } },
      { classify: () => ({ kind: 'connection', connection: 'mode', rule: 'custom', reason: 'test' }) },
    );
    expect(findings).toEqual([]);
  });
});
