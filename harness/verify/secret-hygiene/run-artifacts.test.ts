import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { isLogFile, publicStackDocument, readArtifacts } from './run-artifacts.ts';
import { findSecrets } from './secret-forms.ts';

const runDir = mkdtempSync(join(tmpdir(), 'secret-hygiene-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

const secret = { name: 'aws/cashflow/DB_PASSWORD', value: 'PlantedSecret0123456789' };

test('a secret planted in a service log is found with its file and line; server configuration is not scanned', () => {
  // GIVEN a run dir as the harness leaves it: service logs, a server's log dir, its configuration
  mkdirSync(join(runDir, 'redis-aws'), { recursive: true });
  mkdirSync(join(runDir, 'rabbitmq-aws', 'log'), { recursive: true });
  writeFileSync(join(runDir, 'cashflow.log'), '{"msg":"started"}\n{"msg":"request completed"}\n');
  writeFileSync(
    join(runDir, 'consolidated.log'),
    `{"msg":"started"}\n{"msg":"connecting","url":"amqps://app:${Buffer.from(`x${secret.value}`).toString('base64')}@mq"}\n`,
  );
  writeFileSync(join(runDir, 'rabbitmq-aws', 'log', 'rabbit@localhost'), 'accepting AMQP connection\n');
  writeFileSync(join(runDir, 'redis-aws', 'redis.conf'), `requirepass ${secret.value}\n`);

  // WHEN
  const artifacts = readArtifacts(runDir, 'run', isLogFile);
  const hits = artifacts.flatMap((artifact) => findSecrets(artifact.name, artifact.text, [secret]));

  // THEN
  expect(artifacts.map((a) => a.name).sort()).toEqual([
    'run/cashflow.log',
    'run/consolidated.log',
    'run/rabbitmq-aws/log/rabbit@localhost',
  ]);
  expect(hits.map((hit) => [hit.where, hit.secret, hit.encoding])).toEqual([
    ['run/consolidated.log:2', secret.name, 'base64'],
  ]);
});

test('the public part of the stack document leaves out the credential fields only', () => {
  const text = publicStackDocument({
    runId: 'r1',
    profiles: {
      aws: { backing: { redis: { host: '127.0.0.1', authToken: secret.value, uri: `rediss://:${secret.value}@h` } } },
    },
  });
  expect(text).not.toContain(secret.value);
  expect(text).toContain('"host": "127.0.0.1"');
});
