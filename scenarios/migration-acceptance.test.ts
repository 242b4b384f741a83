import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import amqp from 'amqplib';
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STACK_OUTPUTS } from '../harness/aws/index.ts';
import { EMULATOR_CREDENTIALS, REPO_ROOT, type StartedStack } from '../harness/index.ts';
import { gatherParityFacts } from '../harness/verify/gather-parity-facts.ts';
import { runChecks } from '../harness/verify/run-checks.ts';
import {
  gatherWiringTargets,
  wiringChecks,
  type WiringProfileTarget,
  type WiringTargets,
} from '../harness/verify/wiring/index.ts';
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
  test.each([
    ['auth', 'DB_SSLMODE', (env: Record<string, string>) => ({ ...env, DB_SSLMODE: 'disable' })],
    [
      'cashflow',
      'REDIS_URL',
      (env: Record<string, string>) => ({ ...env, REDIS_URL: env.REDIS_URL!.replace(/^rediss:/, 'redis:') }),
    ],
    [
      'consolidated',
      'AMQP_URL',
      (env: Record<string, string>) => ({ ...env, AMQP_URL: env.AMQP_URL!.replace(/^amqps:/, 'amqp:') }),
    ],
  ] as const)(
    '%s started from its task definition with a plaintext %s refuses to start, naming it',
    async (name, variable, swap) => {
      // The task's own environment (resolved secrets included) with one connection turned plaintext.
      const environment = launchedProfile(stack, 'aws').services[name].getEnvironment();
      expect(environment.REQUIRE_TLS).toBe('true');
      const secrets = SECRET_VARIABLES.map((key) => environment[key]).filter((v): v is string => (v?.length ?? 0) >= 8);
      const run = promisify(execFile)(process.execPath, ['--import', 'tsx', `services/${name}/src/server.ts`], {
        cwd: REPO_ROOT,
        env: { ...swap(environment), PORT: '1' },
        timeout: 60_000,
      });
      const failure = (await run.then(
        () => undefined,
        (error: unknown) => error,
      )) as { code?: number; stdout?: string; stderr?: string } | undefined;
      expect(failure?.code).toBe(78);
      const output = `${failure?.stdout ?? ''}${failure?.stderr ?? ''}`;
      expect(output).toContain(`${variable} `);
      expect(output).toContain('REQUIRE_TLS');
      for (const secret of secrets) expect(output.includes(secret)).toBe(false);
    },
  );
});

/**
 * The gate's wiring family under vitest: the same check modules `harness verify` runs, against this
 * file's stack. A good stack gives no finding; each defect a test can inject cheaply (pointing a
 * check at the wrong server, a queue declared on one broker, an unbound namespace, a copy of the
 * secret) gives its code.
 */
describe("the managed wiring (the gate's wiring checks)", () => {
  let targets: WiringTargets;

  beforeAll(async () => {
    const facts = await gatherParityFacts({
      document: stack.document,
      deployRecordFile: deployedStack(stack).deployFile,
      composeFile: join(REPO_ROOT, 'docker-compose.yml'),
      env: process.env,
    });
    targets = gatherWiringTargets({ document: stack.document, configuration: facts.staticFacts.configuration });
  });

  /** Runs one wiring check through the gate's runner; its result, and the codes it found. */
  async function run(id: string, wiring: WiringTargets = targets) {
    const result = await runChecks(wiringChecks(), { wiring }, { only: [id] });
    const check = result.checks.find((c) => c.id === id)!;
    return { check, codes: [...new Set(check.findings.map((f) => f.code))].sort() };
  }

  test.each(wiringChecks().map((c) => c.id))('%s: no finding on a good stack', async (id) => {
    const { check } = await run(id);
    expect(check.error).toBeUndefined();
    expect(check.findings).toEqual([]);
    expect(check.status).toBe('passed');
  });

  test('tls: the compose servers in place of the managed ones are TLS_NOT_ENFORCED', async () => {
    const { check, codes } = await run('tls', { ...targets, aws: { ...targets.aws, ...pick(targets.compose) } });
    expect(codes).toEqual(['TLS_NOT_ENFORCED']);
    expect(check.findings.map((f) => f.subject)).toEqual(
      expect.arrayContaining(['postgres', 'redis/plaintext', expect.stringMatching(/^rabbitmq\/listener amqp:/)]),
    );
  });

  test('broker-topology: a queue declared on one broker, without x-queue-type, is TOPOLOGY_DRIFT', async () => {
    const queue = `parity-defect-${randomUUID()}`;
    const connection = await amqp.connect(targets.compose.rabbitmq.amqpUri);
    try {
      const channel = await connection.createChannel();
      await channel.assertQueue(queue, { durable: true });
      const { check, codes } = await run('broker-topology');
      expect(codes).toEqual(['TOPOLOGY_DRIFT']);
      expect(check.findings.map((f) => [f.subject, f.aws, f.explanation.split(':')[0]])).toEqual([
        [`queue ${queue}`, null, 'queue declared on the compose broker only'],
        [`queue ${queue}`, null, 'x-queue-type not pinned on compose'],
      ]);
      await channel.deleteQueue(queue);
    } finally {
      await connection.close();
    }
  });

  test('masstransit-envelopes: a contract namespace no consumer binds, or an error queue that is not there, gives the codes', async () => {
    // The envelopes carry compose's message type on both profiles: a namespace no consumer reads
    // stands for an aws consumer renamed away from the contract.
    const namespace = `Parity.Unbound${randomUUID().slice(0, 8)}`;
    const { check } = await run('masstransit-envelopes', {
      ...targets,
      compose: { ...targets.compose, bus: { namespace, endpoint: 'parity-missing-endpoint' } },
      effectTimeoutMs: 3_000,
    });
    expect(check.findings.map((f) => [f.subject.split(':')[0], f.code])).toEqual([
      ['compose', 'ENVELOPE_NOT_CONSUMED'],
      ['compose', 'POISON_NOT_FAULTED'],
      ['aws', 'ENVELOPE_NOT_CONSUMED'],
      ['aws', 'POISON_NOT_FAULTED'],
    ]);
    expect(check.findings[2]!.explanation).toContain(
      `this profile's consumer reads ${targets.aws.bus.namespace}:EntryRegistered, not ${namespace}:EntryRegistered`,
    );
    const brokers = [
      { uri: targets.compose.rabbitmq.amqpUri, ca: undefined },
      { uri: targets.aws.rabbitmq.amqpUri, ca: [readFileSync(targets.caFile)] },
    ];
    for (const broker of brokers) {
      const connection = await amqp.connect(broker.uri, broker.ca === undefined ? {} : { ca: broker.ca });
      try {
        await (await connection.createChannel()).deleteExchange(`${namespace}:EntryRegistered`);
      } finally {
        await connection.close();
      }
    }
  });

  test('secret-rotation: a task reading another copy of the secret is SECRET_ROTATION_IGNORED and SECRET_DELETION_NOT_FATAL', async () => {
    const sm = new SecretsManagerClient({ ...targets.deployed.emulator, credentials: { ...EMULATOR_CREDENTIALS } });
    try {
      const { SecretString } = await sm.send(new GetSecretValueCommand({ SecretId: targets.deployed.dbSecretArn }));
      // The copy a team made by hand: rotating or deleting it changes nothing the task reads.
      const { ARN } = await sm.send(new CreateSecretCommand({ Name: `parity-defect-${randomUUID()}`, SecretString }));
      try {
        const { check, codes } = await run('secret-rotation', {
          ...targets,
          deployed: { ...targets.deployed, dbSecretArn: ARN! },
        });
        expect(codes).toEqual(['SECRET_DELETION_NOT_FATAL', 'SECRET_ROTATION_IGNORED']);
        for (const f of check.findings) expect(JSON.stringify(f)).not.toContain(JSON.parse(SecretString!).password);
      } finally {
        await sm.send(new DeleteSecretCommand({ SecretId: ARN!, ForceDeleteWithoutRecovery: true }));
      }
    } finally {
      sm.destroy();
    }
  });
});

function pick(profile: WiringProfileTarget): Pick<WiringProfileTarget, 'postgres' | 'rabbitmq' | 'redis'> {
  return { postgres: profile.postgres, rabbitmq: profile.rabbitmq, redis: profile.redis };
}
