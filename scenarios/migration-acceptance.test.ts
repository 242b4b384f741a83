import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { STACK_OUTPUTS } from '../harness/aws/index.ts';
import { EMULATOR_CREDENTIALS, type StartedStack } from '../harness/index.ts';
import { TaskStartError } from '../harness/launch/index.ts';
import { GatewayClient } from './support/gateway-client.ts';
import { deployedStack, launchedProfile, startScenarioStack } from './support/start-scenario-stack.ts';

const profiles = ['compose', 'aws'] as const;
/** Variables that are secrets in AWS (docs/configuration.md): their values must never reach a template. */
const SECRET_VARIABLES = ['DB_PASSWORD', 'AMQP_PASSWORD', 'REDIS_AUTH_TOKEN', 'JWT_SIGNING_KEY', 'DEMO_PASSWORD'];
const DAY = '2026-11-29';

let stack: StartedStack;

beforeAll(async () => {
  stack = await startScenarioStack('both');
});

afterAll(async () => {
  await stack?.stop();
});

/** Logs in through a profile's gateway with the demo user the stack document names. */
async function loggedIn(profile: 'compose' | 'aws'): Promise<GatewayClient> {
  const launched = launchedProfile(stack, profile);
  const { demoUser } = launched;
  if (demoUser === undefined)
    throw new Error(`the ${profile} profile seeds no demo user (see the launch step's warning)`);
  const client = new GatewayClient(launched.gatewayUrl);
  await client.login(demoUser.username, demoUser.password);
  return client;
}

describe.each(profiles)('%s profile through its gateway', (profile) => {
  test('serves the SPA', async () => {
    const response = await fetch(launchedProfile(stack, profile).gatewayUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  test('log in, register an entry once per idempotency key, read its balance', async () => {
    const client = await loggedIn(profile);
    const key = randomUUID();
    const entry = { type: 'credit', amount: '12.34', date: DAY, description: `${profile} sale` };
    const first = await client.postEntry(entry, key);
    const replay = await client.postEntry(entry, key);
    expect(first.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const balance = await client.awaitBalance(DAY, (b) => b.entries === 1);
    expect(balance).toMatchObject({ date: DAY, credits: '12.34', debits: '0.00', balance: '12.34', entries: 1 });
  });
});

describe('aws profile: what the managed services require', () => {
  const handles = () => stack.profile('aws');
  const emulatorConfig = () => ({
    endpoint: handles().emulator!.getEndpoint(),
    region: handles().emulator!.getRegion(),
    credentials: { ...EMULATOR_CREDENTIALS },
  });
  const caFile = () => stack.caFile!;

  test('every service connection to PostgreSQL is TLS (pg_stat_ssl)', async () => {
    const client = adminClient();
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string; ssl: boolean }>(
        `select a.datname, s.ssl from pg_stat_activity a join pg_stat_ssl s using (pid)
         where a.datname in ('auth_db', 'cashflow_db', 'consolidated_db')`,
      );
      expect(new Set(rows.map((r) => r.datname))).toEqual(new Set(['auth_db', 'cashflow_db', 'consolidated_db']));
      expect(rows.filter((r) => !r.ssl)).toEqual([]);
    } finally {
      await client.end();
    }
  });

  test('every connection to RabbitMQ is TLS (management API)', async () => {
    const server = handles().rabbitmq;
    const { username, password } = server.getCredentials();
    const list = () =>
      managementGet(new URL('api/connections', server.getManagementUri()), username!, password!, caFile());
    // The management API lists a connection only after its first statistics tick (5 s by default).
    const connections = await vi.waitFor(
      async () => {
        const listed = await list();
        expect(listed.length, 'connections the management API listed within 30 s').toBeGreaterThanOrEqual(2);
        return listed;
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(connections.filter((c) => c.ssl !== true).map((c) => c.name)).toEqual([]);
  });

  test('the services reach Redis on its TLS port with the AUTH token', async () => {
    const server = handles().redis;
    for (const name of ['cashflow', 'consolidated'] as const) {
      const url = new URL(launchedProfile(stack, 'aws').services[name].getEnvironment().REDIS_URL!);
      expect(url.protocol).toBe('rediss:');
      expect(Number(url.port)).toBe(server.getPort());
    }
    const redis = new Redis({
      host: server.getHost(),
      port: server.getPort(),
      password: server.getAuthToken(),
      tls: { ca: readFileSync(caFile(), 'utf8') },
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    try {
      await redis.connect();
      const clients = String(await redis.client('LIST'))
        .trim()
        .split('\n');
      expect(clients.length).toBeGreaterThanOrEqual(3);
    } finally {
      redis.disconnect();
    }
  });

  test('no task definition and no deployed template holds a generated password or token', async () => {
    const launched = launchedProfile(stack, 'aws');
    const secrets = Object.values(launched.services).flatMap((service) => {
      const env = service.getEnvironment();
      return SECRET_VARIABLES.map((name) => env[name]).filter((v): v is string => v !== undefined && v.length >= 8);
    });
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const ecs = new ECSClient(emulatorConfig());
    const cloudFormation = new CloudFormationClient(emulatorConfig());
    try {
      const texts: string[] = [];
      for (const output of [
        STACK_OUTPUTS.authTaskDefinitionFamily,
        STACK_OUTPUTS.cashflowTaskDefinitionFamily,
        STACK_OUTPUTS.consolidatedTaskDefinitionFamily,
      ]) {
        const family = deployedStack(stack).outputs[output]!;
        const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
        texts.push(JSON.stringify(taskDefinition));
      }
      const { TemplateBody } = await cloudFormation.send(
        new GetTemplateCommand({ StackName: deployedStack(stack).stackName }),
      );
      texts.push(TemplateBody ?? '');
      for (const text of texts) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    } finally {
      ecs.destroy();
      cloudFormation.destroy();
    }
  });

  test('a rotated database secret reaches cashflow at its next start', async () => {
    const secretId = deployedStack(stack).outputs[STACK_OUTPUTS.dbSecretArn]!;
    const sm = new SecretsManagerClient(emulatorConfig());
    const admin = adminClient();
    await admin.connect();
    try {
      const current = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString!) as {
        username: string;
        password: string;
      };
      const rotated = randomBytes(18).toString('base64url');
      // What an RDS rotation function does: the role's password first, then the secret.
      await admin.query(`alter role ${pg.escapeIdentifier(current.username)} password ${pg.escapeLiteral(rotated)}`);
      await sm.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          SecretString: JSON.stringify({ ...current, password: rotated }),
        }),
      );
      const cashflow = launchedProfile(stack, 'aws').services.cashflow;
      await cashflow.restart();
      expect(cashflow.getEnvironment().DB_PASSWORD).toBe(rotated);
      const client = await loggedIn('aws');
      const posted = await client.postEntry(
        { type: 'debit', amount: 100, date: DAY, description: 'after rotation' },
        randomUUID(),
      );
      expect(posted.status).toBe(201);
    } finally {
      await admin.end();
      sm.destroy();
    }
  });

  test('deleting the database secret makes the next cashflow start fail as ECS would', async () => {
    const sm = new SecretsManagerClient(emulatorConfig());
    try {
      await sm.send(
        new DeleteSecretCommand({
          SecretId: deployedStack(stack).outputs[STACK_OUTPUTS.dbSecretArn]!,
          ForceDeleteWithoutRecovery: true,
        }),
      );
    } finally {
      sm.destroy();
    }
    const cashflow = launchedProfile(stack, 'aws').services.cashflow;
    const error = await cashflow.restart().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TaskStartError);
    expect((error as TaskStartError).code).toBe('ECS_RESOURCE_INITIALIZATION');
    expect((error as Error).message).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: /);
    expect(cashflow.isRunning()).toBe(false);
  });

  function adminClient(): pg.Client {
    const server = handles().postgres;
    const { username, password } = server.getCredentials();
    return new pg.Client({
      host: server.getHost(),
      port: server.getPort(),
      user: username,
      password,
      database: 'postgres',
      ssl: { ca: readFileSync(caFile(), 'utf8') },
    });
  }
});

/** GET on the RabbitMQ management API over TLS with the harness CA (fetch cannot take a CA). */
function managementGet(
  url: URL,
  username: string,
  password: string,
  ca: string,
): Promise<Array<{ name: string; ssl?: boolean }>> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { auth: `${username}:${password}`, ca: readFileSync(ca, 'utf8'), timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${url.pathname} answered ${res.statusCode}`));
          else resolve(JSON.parse(body) as Array<{ name: string; ssl?: boolean }>);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url.pathname} timed out after 10000 ms`)));
    req.on('error', reject);
    req.end();
  });
}
