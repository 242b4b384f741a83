import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type StartedStack } from '../stack/start-stack.ts';
import { backingServerSteps } from '../up/steps.ts';
import type { DeployExtension } from './deploy-up-step.ts';
import { deployUpStep } from './deploy-up-step.ts';
import { readSecretValue } from '../aws/read-secret.ts';
import { createEmulatorClients, destroyEmulatorClients, type EmulatorClients } from '../aws/emulator-clients.ts';

// The managed servers must accept what the emulated secrets say, at the address the binding gives.
describe('deployUpStep with the managed-flavour servers', () => {
  let home: string;
  let stack: StartedStack;
  let clients: EmulatorClients;
  let deploy: DeployExtension;
  let ca: Buffer;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'deploy-step-'));
    // The servers run as their own system users and must reach their dirs under it.
    chmodSync(home, 0o755);
    stack = await startStack({
      profile: 'aws',
      provider: 'native',
      home,
      runId: 'deploy-step-test',
      steps: [...backingServerSteps(), deployUpStep],
    });
    deploy = stack.state.extensions.deploy as DeployExtension;
    ca = readFileSync(stack.caFile!);
    const emulator = stack.profile('aws').emulator!;
    clients = createEmulatorClients({
      endpoint: emulator.getEndpoint(),
      region: emulator.getRegion(),
      accountId: '123456789012',
    });
  }, 240_000);

  afterAll(async () => {
    if (clients) destroyEmulatorClients(clients);
    await stack?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  // Resolves a stack output (or a bare host) to the real server the binding names.
  const bound = (outputOrHost: string, port: number) => {
    const to = deploy.resolve(deploy.result.outputs[outputOrHost] ?? outputOrHost, port);
    if (!to) throw new Error(`no binding for ${outputOrHost}:${port}`);
    return to;
  };

  it('records the bindings in the stack document', () => {
    const entry = (stack.document.profiles.aws as { deploy?: { bindings: unknown[] } }).deploy;
    expect(entry?.bindings).toHaveLength(3);
  });

  it('opens the managed PostgreSQL with the RDS secret at the bound address, over verified TLS', async () => {
    const secret = JSON.parse(await readSecretValue(clients, { secretId: deploy.result.outputs.DbSecretArn! })) as {
      username: string;
      password: string;
    };
    const to = bound('DbEndpointAddress', Number(deploy.result.outputs.DbEndpointPort));
    const client = new pg.Client({
      host: to.host,
      port: to.port,
      user: secret.username,
      password: secret.password,
      database: 'postgres',
      ssl: { ca, rejectUnauthorized: true },
    });
    await client.connect();
    try {
      expect((await client.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('opens the managed RabbitMQ with the MQ secret over AMQPS', async () => {
    const secret = JSON.parse(await readSecretValue(clients, { secretId: deploy.result.outputs.MqSecretArn! })) as {
      username: string;
      password: string;
    };
    const url = new URL(deploy.result.outputs.MqAmqpEndpoint!);
    const to = bound(url.hostname, Number(url.port));
    const connection = await amqp.connect(
      { protocol: 'amqps', hostname: to.host, port: to.port, username: secret.username, password: secret.password },
      { ca: [ca] },
    );
    await connection.close();
  });

  it('opens the managed Redis with the AUTH-token secret over TLS', async () => {
    const token = await readSecretValue(clients, { secretId: deploy.result.outputs.RedisAuthTokenSecretArn! });
    const to = bound('RedisPrimaryEndpointAddress', Number(deploy.result.outputs.RedisPrimaryEndpointPort));
    const redis = new Redis({
      host: to.host,
      port: to.port,
      password: token,
      tls: { ca },
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });
});
