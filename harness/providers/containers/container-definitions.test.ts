import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../core/run-dir.ts';
import { GenericContainer } from 'testcontainers';
import { buildContainer } from './build-container.ts';
import { IMAGES } from './container-definition.ts';
import { localstackContainerDefinition, motoContainerDefinition } from './emulator-container-definitions.ts';
import { postgresContainerDefinition } from './postgres-container-definition.ts';
import { rabbitMqContainerDefinition } from './rabbitmq-container-definition.ts';
import { redisContainerDefinition } from './redis-container-definition.ts';

const tls = { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' };

describe('container definitions', () => {
  it('pins every image to a version tag, never latest', () => {
    for (const image of Object.values(IMAGES)) {
      expect(image).toMatch(/:\d+\.\d+/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('runs the moto that the native emulator and docker-compose.localstack.yml run', () => {
    // The deploy's adaptations are written against one moto's CloudFormation coverage.
    const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.localstack.yml'), 'utf8')) as {
      services: Record<string, { image?: string }>;
    };
    expect(IMAGES.moto).toBe(compose.services.moto?.image);
  });

  it('compose PostgreSQL: port 5432 on the chosen host port, compose credentials, three databases', () => {
    const d = postgresContainerDefinition({ flavour: 'compose', hostPort: 15432, password: 'postgres' });
    expect(d.ports).toEqual([{ container: 5432, host: 15432 }]);
    expect(d.env).toMatchObject({ POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'postgres' });
    expect(d.command).not.toContain('ssl=on');
    const init = d.files.find((f) => f.target.endsWith('10-databases.sql'))?.content ?? '';
    expect(init).toContain('CREATE DATABASE auth_db OWNER postgres');
    expect(init).toContain('CREATE DATABASE consolidated_db OWNER postgres');
    expect(d.wait).toEqual({ kind: 'log', message: 'database system is ready to accept connections', times: 2 });
  });

  it('managed PostgreSQL: ssl on, hostssl only, a non-superuser app role owning the databases', () => {
    const d = postgresContainerDefinition({ flavour: 'managed', hostPort: 1, password: 'pw12345678901234', tls });
    expect(d.command).toEqual(expect.arrayContaining(['ssl=on', 'ssl_cert_file=/tls/server.crt']));
    const files = Object.fromEntries(d.files.map((f) => [f.target, f.content]));
    expect(files['/tls/server.key']).toBe('KEY PEM');
    expect(files['/docker-entrypoint-initdb.d/20-hba.sh']).toContain('hostssl all all all scram-sha-256');
    expect(files['/docker-entrypoint-initdb.d/20-hba.sh']).not.toMatch(/\\nhost /);
    expect(files['/docker-entrypoint-initdb.d/10-databases.sql']).toContain(
      'CREATE ROLE app LOGIN CREATEDB NOSUPERUSER',
    );
    expect(files['/docker-entrypoint-initdb.d/10-databases.sql']).toContain('CREATE DATABASE cashflow_db OWNER app');
    expect(d.env.POSTGRES_PASSWORD).not.toBe('pw12345678901234');
  });

  it('managed RabbitMQ: AMQPS only, admin instead of guest, management over HTTPS', () => {
    const d = rabbitMqContainerDefinition({
      flavour: 'managed',
      amqpHostPort: 1,
      managementHostPort: 2,
      password: 'secret-password-1',
      tls,
    });
    const conf = d.files.find((f) => f.target.endsWith('90-harness.conf'))?.content ?? '';
    expect(conf).toContain('listeners.tcp = none');
    expect(conf).toContain('listeners.ssl.default = 5671');
    expect(conf).toContain('default_user = admin');
    expect(d.env).toEqual({ RABBITMQ_DEFAULT_USER: 'admin', RABBITMQ_DEFAULT_PASS: 'secret-password-1' });
    expect(d.ports).toEqual([
      { container: 5671, host: 1 },
      { container: 15671, host: 2 },
    ]);
    expect(d.wait).toMatchObject({ kind: 'log', message: 'Server startup complete' });
  });

  it('compose RabbitMQ: plain 5672 with guest', () => {
    const d = rabbitMqContainerDefinition({
      flavour: 'compose',
      amqpHostPort: 1,
      managementHostPort: 2,
      password: 'guest',
    });
    expect(d.ports[0]).toEqual({ container: 5672, host: 1 });
    expect(d.env.RABBITMQ_DEFAULT_USER).toBe('guest');
  });

  it('managed Redis: TLS port only and an AUTH token', () => {
    const d = redisContainerDefinition({ flavour: 'managed', hostPort: 16379, authToken: 'token-token-token-1', tls });
    expect(d.command?.join(' ')).toContain('--port 0 --tls-port 6379');
    expect(d.command?.join(' ')).toContain('--requirepass token-token-token-1');
    expect(d.files.map((f) => f.target)).toEqual(['/tls/ca.crt', '/tls/server.crt', '/tls/server.key']);
  });

  it('refuses a managed definition without TLS material', () => {
    expect(() => redisContainerDefinition({ flavour: 'managed', hostPort: 1 })).toThrow(/needs tls/);
    expect(() => postgresContainerDefinition({ flavour: 'managed', hostPort: 1, password: 'x' })).toThrow(/needs tls/);
  });

  it('moto and LocalStack: pinned images, HTTP readiness, token passed only when given', () => {
    expect(motoContainerDefinition({ hostPort: 5 })).toMatchObject({
      image: IMAGES.moto,
      ports: [{ container: 5000, host: 5 }],
      wait: { kind: 'http', path: '/moto-api/', port: 5000 },
    });
    const free = localstackContainerDefinition({ hostPort: 6 });
    expect(free.image).toBe('localstack/localstack:4.14.0');
    expect(free.env).not.toHaveProperty('LOCALSTACK_AUTH_TOKEN');
    expect(localstackContainerDefinition({ hostPort: 6, authToken: 't' }).env.LOCALSTACK_AUTH_TOKEN).toBe('t');
  });

  it('builds testcontainers objects without a Docker engine', () => {
    const definitions = [
      postgresContainerDefinition({ flavour: 'managed', hostPort: 1, password: 'p', tls }),
      rabbitMqContainerDefinition({ flavour: 'compose', amqpHostPort: 1, managementHostPort: 2, password: 'guest' }),
      redisContainerDefinition({ flavour: 'compose', hostPort: 1 }),
      motoContainerDefinition({ hostPort: 1 }),
      localstackContainerDefinition({ hostPort: 1 }),
    ];
    for (const definition of definitions) expect(buildContainer(definition)).toBeInstanceOf(GenericContainer);
  });
});
