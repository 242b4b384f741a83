import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorClients, destroyEmulatorClients, type EmulatorClients } from '../aws/emulator-clients.ts';
import { readSecretValue } from '../aws/read-secret.ts';
import { STACK_OUTPUTS } from '../aws/stack-outputs.ts';
import type { DeployedStack } from '../deploy/deployed-stack.ts';
import { startStack, type StartedStack } from '../up/start-stack.ts';
import { createTestHome } from '../test-support/test-home.ts';
import { deployStep } from './deploy-step.ts';
import { backingServerSteps } from './steps.ts';

// The managed servers must accept what the emulated secrets say, at the address the binding gives.
describe('deployStep with the managed-flavour servers', () => {
  const home = createTestHome('deploy-step');
  let stack: StartedStack;
  let clients: EmulatorClients;
  let deploy: DeployedStack;
  let ca: Buffer;

  beforeAll(async () => {
    stack = await startStack({
      profile: 'aws',
      provider: 'native',
      home: home.path,
      runId: 'deploy-step-test',
      steps: [...backingServerSteps(), deployStep],
    });
    if (!stack.state.deploy) throw new Error('the deploy step left no result in the stack state');
    deploy = stack.state.deploy;
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
    home.remove();
  });

  // Resolves a stack output (or a bare host) to the real server the binding names.
  const bound = (outputOrHost: string, port: number) => {
    const to = deploy.resolveBinding(deploy.outputs[outputOrHost] ?? outputOrHost, port);
    if (!to) throw new Error(`no binding for ${outputOrHost}:${port}`);
    return to;
  };

  it('records the bindings in the stack document', () => {
    expect(stack.document.profiles.aws?.deploy?.bindings).toHaveLength(3);
  });

  it('opens the managed PostgreSQL with the RDS secret at the bound address, over verified TLS', async () => {
    const secret = JSON.parse(
      await readSecretValue(clients, { secretId: deploy.outputs[STACK_OUTPUTS.dbSecretArn]! }),
    ) as {
      username: string;
      password: string;
    };
    const to = bound(STACK_OUTPUTS.dbEndpointAddress, Number(deploy.outputs[STACK_OUTPUTS.dbEndpointPort]));
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
    const secret = JSON.parse(
      await readSecretValue(clients, { secretId: deploy.outputs[STACK_OUTPUTS.mqSecretArn]! }),
    ) as {
      username: string;
      password: string;
    };
    const url = new URL(deploy.outputs[STACK_OUTPUTS.mqAmqpEndpoint]!);
    const to = bound(url.hostname, Number(url.port));
    const connection = await amqp.connect(
      { protocol: 'amqps', hostname: to.host, port: to.port, username: secret.username, password: secret.password },
      { ca: [ca] },
    );
    await connection.close();
  });

  it('opens the managed Redis with the AUTH-token secret over TLS', async () => {
    const token = await readSecretValue(clients, { secretId: deploy.outputs[STACK_OUTPUTS.redisAuthTokenSecretArn]! });
    const to = bound(
      STACK_OUTPUTS.redisPrimaryEndpointAddress,
      Number(deploy.outputs[STACK_OUTPUTS.redisPrimaryEndpointPort]),
    );
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
