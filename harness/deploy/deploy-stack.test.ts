import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { ListBrokersCommand } from '@aws-sdk/client-mq';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { DescribeListenersCommand, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../infra/index.ts';
import { CertificateAuthority } from '../tls/certificate-authority.ts';
import { MotoEmulator, type StartedMotoEmulator } from '../emulator/moto-emulator.ts';
import { adoptServerCredentials } from './adopt-server-credentials.ts';
import { bindEndpoints, createEndpointResolver, resolveEmulatedAddress } from './bind-endpoints.ts';
import { deployStack, type DeployResult } from './deploy-stack.ts';
import { readSecretValue } from '../aws/read-secret.ts';
import { parseSecretValueFrom } from '../aws/secret-reference.ts';
import { createEmulatorClients, destroyEmulatorClients, type EmulatorClients } from '../aws/emulator-clients.ts';

const FAMILIES = ['AuthTaskDefinitionFamily', 'CashflowTaskDefinitionFamily', 'ConsolidatedTaskDefinitionFamily'];

describe('deployStack of the infra app into moto', () => {
  let dir: string;
  let moto: StartedMotoEmulator;
  let clients: EmulatorClients;
  let first: DeployResult;
  const deployFile = () => join(dir, 'deploy.json');
  let certificate: { cert: string; key: string; chain: string };
  const deploy = () =>
    deployStack({
      endpoint: moto.getEndpoint(),
      outputFile: deployFile(),
      contextOverrides: { demoUsername: { value: 'demo', reason: 'the compose wiring seeds it' } },
      certificate,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-test-'));
    const material = (await CertificateAuthority.create(join(dir, 'ca'))).serverMaterial();
    certificate = { cert: material.cert, key: material.key, chain: material.ca };
    moto = await new MotoEmulator().withRunDir(dir).start();
    clients = createEmulatorClients({ endpoint: moto.getEndpoint(), region: 'us-east-1', accountId: '123456789012' });
    first = await deploy();
  });

  afterAll(async () => {
    if (clients) destroyEmulatorClients(clients);
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the stack with CreateStack and completes every stage', () => {
    expect(first.stackOperations[0]).toMatchObject({ operation: 'create', status: 'CREATE_COMPLETE' });
    for (const operation of first.stackOperations.slice(1)) expect(operation.status).toBe('UPDATE_COMPLETE');
    expect(first.status).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
  });

  it("synthesizes from infra/cdk.json's context and records each value the emulator overrides", () => {
    const overridden = first.adaptations.filter((adaptation) => adaptation.action === 'context-overridden');
    expect(overridden.map((adaptation) => adaptation.logicalId)).toEqual(
      expect.arrayContaining(['account', 'region', 'availabilityZones', 'certificateArn', 'demoUsername']),
    );
    expect(overridden.find((adaptation) => adaptation.logicalId === 'demoUsername')?.detail).toMatch(
      /^\(unset\) -> demo: /,
    );
  });

  it('gives the HTTPS listener the certificate imported into ACM', async () => {
    const { LoadBalancers = [] } = await clients.elbv2.send(new DescribeLoadBalancersCommand({}));
    const { Listeners = [] } = await clients.elbv2.send(
      new DescribeListenersCommand({ LoadBalancerArn: LoadBalancers[0]!.LoadBalancerArn }),
    );
    const https = Listeners.find((listener) => listener.Protocol === 'HTTPS');
    expect(https?.Certificates?.[0]?.CertificateArn).toBe(first.certificateArn);
  });

  it('reads back every output the infra app declares', () => {
    expect(Object.keys(first.outputs).sort()).toEqual(Object.values(STACK_OUTPUTS).sort());
    expect(first.outputs.MqAmqpEndpoint).toMatch(/^amqps:\/\//);
    expect(first.outputs.DbEndpointPort).toBe('5432');
  });

  it('records an adaptation for every resource moto does not create itself', () => {
    const byId = new Map(first.adaptations.map((adaptation) => [adaptation.logicalId, adaptation.action]));
    for (const resource of first.resources) {
      if (resource.via === 'api') expect(byId.get(resource.logicalId), resource.logicalId).toBe('created-via-api');
      if (resource.via === 'removed') expect(byId.get(resource.logicalId), resource.logicalId).toBe('removed');
      if (resource.type === 'AWS::ECS::TaskDefinition') expect(byId.get(resource.logicalId)).toBe('re-registered');
    }
    expect(first.resources.find((r) => r.type === 'AWS::CloudFront::Function')?.arn).toMatch(
      /^arn:aws:cloudfront::123456789012:function\//,
    );
    const apiTypes = new Set(first.resources.filter((r) => r.via === 'api').map((r) => r.type));
    expect(apiTypes).toEqual(
      new Set([
        'AWS::SecretsManager::Secret',
        'AWS::SecretsManager::SecretTargetAttachment',
        'AWS::AmazonMQ::Broker',
        'AWS::ElastiCache::SubnetGroup',
        'AWS::ElastiCache::ReplicationGroup',
        'AWS::CloudFront::OriginAccessControl',
        'AWS::CloudFront::Distribution',
        'AWS::S3::BucketPolicy',
        'AWS::CodeBuild::Project',
        'AWS::CodePipeline::Pipeline',
        'AWS::ApplicationAutoScaling::ScalableTarget',
        'AWS::ApplicationAutoScaling::ScalingPolicy',
        'AWS::EC2::SecurityGroupEgress',
      ]),
    );
  });

  it('re-registers task definitions that keep cpu, memory, network mode and roles, with secrets that resolve', async () => {
    for (const output of FAMILIES) {
      const family = first.outputs[output]!;
      const { taskDefinition } = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
      expect(taskDefinition?.taskDefinitionArn).toBe(first.taskDefinitions.find((t) => t.family === family)?.arn);
      expect(taskDefinition).toMatchObject({
        cpu: '512',
        memory: '1024',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        executionRoleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\//),
        taskRoleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\//),
      });
      const secrets = taskDefinition!.containerDefinitions!.flatMap((container) => container.secrets ?? []);
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        const valueFrom = secret.valueFrom!;
        const value = valueFrom.includes(':secretsmanager:')
          ? await readSecretValue(clients, parseSecretValueFrom(valueFrom))
          : (
              await clients.ssm.send(
                new GetParameterCommand({ Name: valueFrom.replace(/^arn:[^:]+:ssm:[^:]*:\d*:parameter/, '') }),
              )
            ).Parameter?.Value;
        expect(value, `${family} ${secret.name}`).toBeTruthy();
      }
    }
  });

  it('writes deploy.json with outputs, adaptations and endpoints, and no secret value', async () => {
    const text = readFileSync(deployFile(), 'utf8');
    const document = JSON.parse(text) as DeployResult;
    expect(document.outputs).toEqual(first.outputs);
    expect(document.adaptations).toHaveLength(first.adaptations.length);
    expect(document.endpoints.map((endpoint) => endpoint.kind).sort()).toEqual(['elasticache', 'mq', 'rds']);
    const { SecretList = [] } = await clients.secretsManager.send(new ListSecretsCommand({}));
    for (const secret of SecretList) {
      const value = (await clients.secretsManager.send(new GetSecretValueCommand({ SecretId: secret.ARN })))
        .SecretString!;
      const parsed = value.startsWith('{') ? (JSON.parse(value) as Record<string, unknown>) : { value };
      const password = String(parsed.password ?? parsed.value);
      expect(text.includes(password), `${secret.Name} value in deploy.json`).toBe(false);
    }
  });

  it('binds each emulated endpoint to its server and makes the secrets hold the servers logins', async () => {
    const server = (port: number) => ({ getHost: () => '127.0.0.1', getPort: () => port });
    const bindings = bindEndpoints(first, { postgres: server(15432), rabbitmq: server(15671), redis: server(16379) });
    const resolve = createEndpointResolver(bindings);
    expect(resolve(first.outputs.DbEndpointAddress!, 5432)).toEqual({ host: '127.0.0.1', port: 15432 });
    expect(resolve(first.outputs.RedisPrimaryEndpointAddress!.toUpperCase(), undefined)).toEqual({
      host: '127.0.0.1',
      port: 16379,
    });
    expect(resolveEmulatedAddress(bindings, `${first.outputs.MqAmqpEndpoint}/vhost`)).toBe(
      'amqps://127.0.0.1:15671/vhost',
    );
    expect(resolve('elsewhere.example', 5432)).toBeUndefined();

    await adoptServerCredentials(clients, first, {
      rds: { username: 'app', password: 'pg-password-1' },
      mq: { username: 'admin', password: 'mq-password-1' },
      elasticache: { password: 'redis-token-1234567' },
    });
    const db = JSON.parse(await readSecretValue(clients, { secretId: first.outputs.DbSecretArn! })) as Record<
      string,
      unknown
    >;
    expect(db).toMatchObject({ username: 'app', password: 'pg-password-1', host: first.outputs.DbEndpointAddress });
    expect(await readSecretValue(clients, { secretId: first.outputs.MqSecretArn!, jsonKey: 'password' })).toBe(
      'mq-password-1',
    );
    expect(await readSecretValue(clients, { secretId: first.outputs.RedisAuthTokenSecretArn! })).toBe(
      'redis-token-1234567',
    );
  });

  it('redeploys an unchanged app as one update that duplicates nothing and keeps secret values', async () => {
    const count = async () => ({
      secrets: (await clients.secretsManager.send(new ListSecretsCommand({}))).SecretList?.length,
      brokers: (await clients.mq.send(new ListBrokersCommand({}))).BrokerSummaries?.length,
      distributions: (await clients.cloudFront.send(new ListDistributionsCommand({}))).DistributionList?.Items?.length,
      databases: (await clients.rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.length,
    });
    const before = await count();
    const dbSecret = await readSecretValue(clients, { secretId: first.outputs.DbSecretArn! });

    const second = await deploy();

    expect(second.stackOperations).toHaveLength(1);
    expect(second.stackOperations[0]!.operation).not.toBe('create');
    expect(await count()).toEqual(before);
    expect(before).toEqual({ secrets: 5, brokers: 1, distributions: 1, databases: 1 });
    expect(second.taskDefinitions.map((t) => t.arn)).toEqual(first.taskDefinitions.map((t) => t.arn));
    expect(second.taskDefinitions.every((t) => t.reused)).toBe(true);
    expect(await readSecretValue(clients, { secretId: first.outputs.DbSecretArn! })).toBe(dbSecret);
    expect(second.outputs).toEqual(first.outputs);
  });
});
