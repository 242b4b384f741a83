import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateComposeDocument } from '../launch/index.ts';
import { writeComposeCertificates } from './compose-certificates.ts';

interface Service {
  image?: string;
  profiles?: string[];
  command?: string[] | string;
  environment?: Record<string, string>;
}

const file = join(import.meta.dirname, '..', '..', 'docker-compose.localstack.yml');
const document = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = document.services;

describe('docker-compose.localstack.yml', () => {
  it('is valid against the compose-spec schema', () => {
    expect(validateComposeDocument(document)).toEqual([]);
  });

  it('pins moto and puts LocalStack behind the localstack profile', () => {
    expect(services.moto!.image).toMatch(/^motoserver\/moto:\d+\.\d+\.\d+$/);
    expect(services.moto!.profiles).toBeUndefined();
    expect(services.localstack!.profiles).toEqual(['localstack']);
    expect(services.localstack!.environment!.LOCALSTACK_AUTH_TOKEN).toBe('${LOCALSTACK_AUTH_TOKEN:-}');
  });

  it('runs Redis TLS-only with an AUTH token', () => {
    const command = services.redis!.command as string[];
    expect(command[command.indexOf('--port') + 1]).toBe('0');
    expect(command).toContain('--tls-port');
    expect(command).toContain('--requirepass');
  });

  it('runs RabbitMQ without guest and without a plain listener, PostgreSQL with ssl on', () => {
    const rabbit = services.rabbitmq!.environment!;
    expect(rabbit.RABBITMQ_DEFAULT_USER).not.toBe('guest');
    expect(rabbit.RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS).toContain('-rabbit tcp_listeners []');
    expect(services.postgres!.command).toContain('ssl=on');
    const hba = readFileSync(join(import.meta.dirname, 'compose', 'pg_hba.conf'), 'utf8');
    expect(hba).not.toMatch(/^host\s/m);
  });

  it('wires the services as the ECS task definitions do, with the variables of docs/configuration.md', () => {
    for (const name of ['auth', 'cashflow', 'consolidated']) {
      const env = services[name]!.environment!;
      expect(env, name).toMatchObject({
        DB_HOST: 'postgres',
        DB_SSLMODE: 'verify-full',
        NODE_EXTRA_CA_CERTS: '/certs/ca.crt',
      });
      expect(env.DATABASE_URL, name).toBeUndefined();
      expect(env.DB_NAME, name).toBe(`${name}_db`);
    }
    for (const name of ['cashflow', 'consolidated']) {
      const env = services[name]!.environment!;
      expect(env.AMQP_URL).toMatch(/^amqps:\/\//);
      expect(env.REDIS_URL).toMatch(/^rediss:\/\//);
      expect(env.REDIS_AUTH_TOKEN).toBeTruthy();
      expect(env.AMQP_USERNAME).toBeTruthy();
    }
  });
});

describe('writeComposeCertificates', () => {
  it('writes a server certificate for the compose service names, signed by its CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-certs-'));
    try {
      const files = await writeComposeCertificates(dir);
      const cert = new X509Certificate(readFileSync(files.certFile));
      for (const name of ['postgres', 'rabbitmq', 'redis']) expect(cert.subjectAltName).toContain(`DNS:${name}`);
      expect(cert.verify(new X509Certificate(readFileSync(files.caFile)).publicKey)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
