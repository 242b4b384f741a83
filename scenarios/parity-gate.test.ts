import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, type StartedStack } from '../harness/index.ts';
import { PARITY_ALLOW_LIST } from '../harness/verify/allow-list.ts';
import { gatherParityFacts } from '../harness/verify/gather-parity-facts.ts';
import { runChecks } from '../harness/verify/run-checks.ts';
import { staticChecks } from '../harness/verify/static-checks.ts';
import { deployedStack, startScenarioStack } from './support/start-scenario-stack.ts';

let stack: StartedStack;
let scratch: string;

beforeAll(async () => {
  stack = await startScenarioStack('both');
  scratch = mkdtempSync(join(tmpdir(), 'parity-gate-'));
});

afterAll(async () => {
  await stack?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The static checks' failing findings, gathered as `harness verify` gathers them. */
async function staticFailures(overrides: { env?: NodeJS.ProcessEnv; deployRecordFile?: string } = {}) {
  const facts = await gatherParityFacts({
    document: stack.document,
    deployRecordFile: overrides.deployRecordFile ?? deployedStack(stack).deployFile,
    composeFile: join(REPO_ROOT, 'docker-compose.yml'),
    env: overrides.env ?? process.env,
  });
  const result = await runChecks(
    staticChecks(),
    { staticFacts: facts.staticFacts },
    { allowList: PARITY_ALLOW_LIST, secrets: facts.secrets },
  );
  return { facts, failures: result.checks.flatMap((c) => c.findings).filter((f) => f.disposition === 'failure') };
}

function ecs(): ECSClient {
  const emulator = stack.profile('aws').emulator!;
  return new ECSClient({
    endpoint: emulator.getEndpoint(),
    region: emulator.getRegion(),
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
}

/**
 * A defect deployed the way a team would deploy it: a new revision of cashflow's task definition,
 * and a deploy record that points at it (as the next `cdk deploy` would).
 */
async function deployCashflowRevision(
  change: (container: {
    environment?: { name?: string; value?: string }[];
    secrets?: { name?: string; valueFrom?: string }[];
  }) => void,
): Promise<string> {
  const record = JSON.parse(readFileSync(deployedStack(stack).deployFile, 'utf8')) as {
    taskDefinitions: { family: string; arn: string }[];
  };
  const entry = record.taskDefinitions.find((t) => t.family.endsWith('cashflow'))!;
  const client = ecs();
  const { taskDefinition } = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: entry.arn }));
  const containers = structuredClone(taskDefinition!.containerDefinitions!);
  change(containers.find((c) => (c.portMappings ?? []).length > 0)!);
  const registered = await client.send(
    new RegisterTaskDefinitionCommand({
      family: taskDefinition!.family!,
      containerDefinitions: containers,
      executionRoleArn: taskDefinition!.executionRoleArn,
      taskRoleArn: taskDefinition!.taskRoleArn,
      networkMode: taskDefinition!.networkMode,
      requiresCompatibilities: taskDefinition!.requiresCompatibilities,
      cpu: taskDefinition!.cpu,
      memory: taskDefinition!.memory,
    }),
  );
  entry.arn = registered.taskDefinition!.taskDefinitionArn!;
  const file = join(scratch, `deploy-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(record));
  return file;
}

describe('the parity gate against the deployed target', () => {
  test('the target as deployed has no failing static finding', async () => {
    const { failures } = await staticFailures();
    expect(failures).toEqual([]);
  });

  test('a setting changed on one side only is a CONFIG_DRIFT naming the key', async () => {
    const { failures } = await staticFailures({ env: { ...process.env, LOG_LEVEL: 'debug' } });
    expect(failures.map((f) => `${f.code} ${f.subject}`)).toContain('CONFIG_DRIFT cashflow/LOG_LEVEL');
  });

  test('a secret moved into the task environment is SECRET_IN_ENVIRONMENT, its value never shown', async () => {
    const { facts } = await staticFailures();
    const key = facts.staticFacts.configuration.aws.cashflow!.secrets.JWT_SIGNING_KEY!.value!;
    const deployRecordFile = await deployCashflowRevision((container) => {
      container.secrets = container.secrets?.filter((s) => s.name !== 'JWT_SIGNING_KEY');
      container.environment = [...(container.environment ?? []), { name: 'JWT_SIGNING_KEY', value: key }];
    });
    const { failures } = await staticFailures({ deployRecordFile });
    const found = failures.find((f) => f.subject === 'cashflow/JWT_SIGNING_KEY');
    expect(found?.code).toBe('SECRET_IN_ENVIRONMENT');
    expect(JSON.stringify(failures)).not.toContain(key);
  });

  test('a secret reference that does not resolve is SECRET_UNRESOLVED', async () => {
    const deployRecordFile = await deployCashflowRevision((container) => {
      container.secrets = container.secrets?.map((s) =>
        s.name === 'JWT_SIGNING_KEY'
          ? { ...s, valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cashflow-jwt-gone-AbCdEf' }
          : s,
      );
    });
    const { failures } = await staticFailures({ deployRecordFile });
    expect(failures.find((f) => f.subject === 'cashflow/JWT_SIGNING_KEY')?.code).toBe('SECRET_UNRESOLVED');
  });

  test('a container port changed in the task definition is a SHAPE_DRIFT', async () => {
    const deployRecordFile = await deployCashflowRevision((container) => {
      const mapped = container as { portMappings?: { containerPort?: number }[] };
      mapped.portMappings = [{ ...mapped.portMappings![0], containerPort: 8080 }];
    });
    const { failures } = await staticFailures({ deployRecordFile });
    expect(failures.map((f) => `${f.code} ${f.subject}`)).toContainEqual(
      expect.stringMatching(/^SHAPE_DRIFT cashflow\//),
    );
  });
});
