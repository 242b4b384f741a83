import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DeleteProjectCommand } from '@aws-sdk/client-codebuild';
import { AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  ModifyRuleCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeployResult } from '../harness/deploy/index.ts';
import { REPO_ROOT, type StartedStack } from '../harness/index.ts';
import {
  createEmulatorClients,
  destroyEmulatorClients,
  type EmulatorClients,
} from '../harness/aws/emulator-clients.ts';
import { PARITY_ALLOW_LIST } from '../harness/verify/allow-list.ts';
import { gatherParityFacts } from '../harness/verify/gather-parity-facts.ts';
import { runChecks } from '../harness/verify/run-checks.ts';
import { staticChecks } from '../harness/verify/static-checks.ts';
import { targetChecks } from '../harness/verify/target-checks.ts';
import { deployedStack, startScenarioStack } from './support/start-scenario-stack.ts';

let stack: StartedStack;
let scratch: string;
let clients: EmulatorClients;

beforeAll(async () => {
  stack = await startScenarioStack('both');
  scratch = mkdtempSync(join(tmpdir(), 'parity-gate-'));
  const emulator = stack.profile('aws').emulator!;
  clients = createEmulatorClients({
    endpoint: emulator.getEndpoint(),
    region: emulator.getRegion(),
    accountId: deployedStack(stack).emulator.accountId,
  });
});

afterAll(async () => {
  if (clients) destroyEmulatorClients(clients);
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
    [...staticChecks(), ...targetChecks()],
    { staticFacts: facts.staticFacts, targetFacts: facts.targetFacts },
    { allowList: PARITY_ALLOW_LIST, secrets: facts.secrets },
  );
  const findings = result.checks.flatMap((c) => c.findings);
  return {
    facts,
    failures: findings.filter((f) => f.disposition === 'failure'),
    warnings: findings.filter((f) => f.disposition === 'warning'),
    errors: result.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.error?.message}`),
  };
}

/** A copy of the deploy record as written to `.harness/deploy.json`, to change and write again. */
function recordCopy(): DeployResult {
  return JSON.parse(readFileSync(deployedStack(stack).deployFile, 'utf8')) as DeployResult;
}

/** The deploy record, changed as a deploy of a changed target would have recorded it. */
function recordWith(change: (record: Record<string, unknown>) => void): string {
  const record = recordCopy() as unknown as Record<string, unknown>;
  change(record);
  const file = join(scratch, `deploy-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(record));
  return file;
}

/** A security group of the deploy record, by the start of its logical id. */
function recordedGroup(logicalIdStart: string): string {
  return deployedStack(stack).securityGroups.groups.find((g) => g.logicalId.startsWith(logicalIdStart))!.groupId;
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
 * A defect deployed the way a team would deploy it: a new revision of a service's task definition,
 * and a deploy record that points at it (as the next `cdk deploy` would).
 */
async function deployRevision(
  service: 'auth' | 'cashflow',
  change: (container: {
    environment?: { name?: string; value?: string }[];
    secrets?: { name?: string; valueFrom?: string }[];
  }) => void,
): Promise<string> {
  const record = recordCopy();
  const entry = record.taskDefinitions.find((t) => t.family.endsWith(service))!;
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
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  const taskDefinitions = record.taskDefinitions.map((t) => (t === entry ? { ...t, arn } : t));
  const file = join(scratch, `deploy-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ ...record, taskDefinitions }));
  return file;
}

describe('the parity gate against the deployed target', () => {
  test('the target as deployed has no failing static finding; its per-process limits are PER_TASK_LIMIT warnings', async () => {
    const { failures, warnings, errors } = await staticFailures();
    expect(errors).toEqual([]);
    expect(failures).toEqual([]);
    expect(warnings.find((f) => f.subject === 'auth/db-pool')).toMatchObject({ code: 'PER_TASK_LIMIT' });
    // auth's tasks share their rate-limit counters in the Redis the deployment gives them.
    expect(warnings.find((f) => f.subject === 'auth/rate-limit')).toBeUndefined();
  });

  test('auth deployed without Redis: its rate limit counts per task, a PER_TASK_LIMIT warning', async () => {
    const deployRecordFile = await deployRevision('auth', (container) => {
      container.environment = container.environment?.filter((e) => e.name !== 'REDIS_URL');
      container.secrets = container.secrets?.filter((s) => s.name !== 'REDIS_AUTH_TOKEN');
    });
    const { warnings } = await staticFailures({ deployRecordFile });
    // ECS runs at least two tasks of each service: a limit counted per task lets twice as many through.
    expect(warnings.find((f) => f.subject === 'auth/rate-limit')).toMatchObject({
      code: 'PER_TASK_LIMIT',
      compose: '1 process(es): 30 requests per minute per client address',
    });
  });

  test('a setting changed on one side only is a CONFIG_DRIFT naming the key', async () => {
    const { failures } = await staticFailures({ env: { ...process.env, LOG_LEVEL: 'debug' } });
    expect(failures.map((f) => `${f.code} ${f.subject}`)).toContain('CONFIG_DRIFT cashflow/LOG_LEVEL');
  });

  test('a secret moved into the task environment is SECRET_IN_ENVIRONMENT, its value never shown', async () => {
    const { facts } = await staticFailures();
    const key = facts.staticFacts.configuration.aws.cashflow!.secrets.JWT_SIGNING_KEY!.value!;
    const deployRecordFile = await deployRevision('cashflow', (container) => {
      container.secrets = container.secrets?.filter((s) => s.name !== 'JWT_SIGNING_KEY');
      container.environment = [...(container.environment ?? []), { name: 'JWT_SIGNING_KEY', value: key }];
    });
    const { failures } = await staticFailures({ deployRecordFile });
    const found = failures.find((f) => f.subject === 'cashflow/JWT_SIGNING_KEY');
    expect(found?.code).toBe('SECRET_IN_ENVIRONMENT');
    expect(JSON.stringify(failures)).not.toContain(key);
  });

  test('a secret reference that does not resolve is SECRET_UNRESOLVED', async () => {
    const deployRecordFile = await deployRevision('cashflow', (container) => {
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
    const deployRecordFile = await deployRevision('cashflow', (container) => {
      const mapped = container as { portMappings?: { containerPort?: number }[] };
      mapped.portMappings = [{ ...mapped.portMappings![0], containerPort: 8080 }];
    });
    const { failures } = await staticFailures({ deployRecordFile });
    expect(failures.map((f) => `${f.code} ${f.subject}`)).toContainEqual(
      expect.stringMatching(/^SHAPE_DRIFT cashflow\//),
    );
  });

  test('a listener rule forwarding to another service is ROUTE_DRIFT; a distribution without the SPA fallback is ROUTE_MISSING', async () => {
    const consolidated = await ruleOf('/api/consolidated/*');
    const cashflow = await ruleOf('/api/cashflow/*');
    const forward = (rule: Rule) => rule.Actions!.map(({ Type, TargetGroupArn }) => ({ Type, TargetGroupArn }));
    await clients.elbv2.send(new ModifyRuleCommand({ RuleArn: consolidated.RuleArn, Actions: forward(cashflow) }));
    try {
      const deployRecordFile = recordWith((record) => {
        record.cloudFrontFunctions = [];
      });
      const { failures } = await staticFailures({ deployRecordFile });
      expect(failures.map((f) => `${f.code} ${f.subject}`)).toEqual(
        expect.arrayContaining(['ROUTE_DRIFT /api/consolidated/*', 'ROUTE_MISSING SPA fallback']),
      );
    } finally {
      await clients.elbv2.send(
        new ModifyRuleCommand({ RuleArn: consolidated.RuleArn, Actions: forward(consolidated) }),
      );
    }
  });

  test('a closed path to a server is NETWORK_UNREACHABLE; a database open to 0.0.0.0/0 is NETWORK_TOO_OPEN', async () => {
    const cache = recordedGroup('CacheSecurityGroup');
    const consolidated = recordedGroup('ConsolidatedServiceSecurityGroup');
    const database = recordedGroup('DatabaseSecurityGroup');
    const fromConsolidated = [
      { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, UserIdGroupPairs: [{ GroupId: consolidated }] },
    ];
    const fromAnywhere = [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    await clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: cache, IpPermissions: fromConsolidated }));
    await clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: database, IpPermissions: fromAnywhere }),
    );
    try {
      const { failures } = await staticFailures();
      expect(failures.map((f) => `${f.code} ${f.subject}`)).toEqual(
        expect.arrayContaining([
          'NETWORK_UNREACHABLE consolidated -> redis:6379',
          'NETWORK_TOO_OPEN postgres/ingress tcp 5432 from 0.0.0.0/0',
        ]),
      );
    } finally {
      await clients.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: cache, IpPermissions: fromConsolidated }),
      );
      await clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: database, IpPermissions: fromAnywhere }));
    }
  });

  // Last: the project stays deleted for the rest of this stack's life.
  test('a resource of the completed stack that its API no longer lists is RESOURCE_MISSING', async () => {
    const project = deployedStack(stack).resources.find((r) => r.type === 'AWS::CodeBuild::Project')!;
    await clients.codeBuild.send(new DeleteProjectCommand({ name: project.physicalId! }));
    const { failures } = await staticFailures();
    expect(failures.map((f) => `${f.code} ${f.subject}`)).toContain(
      `RESOURCE_MISSING AWS::CodeBuild::Project/${project.logicalId}`,
    );
  });
});

/** The listener rule of the serving (HTTPS) listener with this path pattern. */
async function ruleOf(pathPattern: string): Promise<Rule> {
  const { LoadBalancers: balancers = [] } = await clients.elbv2.send(new DescribeLoadBalancersCommand({}));
  const { Listeners: listeners = [] } = await clients.elbv2.send(
    new DescribeListenersCommand({ LoadBalancerArn: balancers[0]!.LoadBalancerArn }),
  );
  const https = listeners.find((l) => l.Protocol === 'HTTPS')!;
  const { Rules: rules = [] } = await clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: https.ListenerArn }));
  return rules.find((r) => JSON.stringify(r.Conditions ?? []).includes(pathPattern))!;
}
