import { join } from 'node:path';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchAwsProfile, type AwsLaunchClients } from './aws-profile.ts';
import { tableResolver } from '../services/endpoint-rewrite.ts';
import { APP_SERVICES, type AppServiceName, type LaunchedProfile } from '../services/launched-profile.ts';
import { startMotoTestServer, type MotoTestServer } from '../../test-support/moto-test-server.ts';
import { createStubRepository } from '../../test-support/stub-repository.ts';
import { TaskStartError } from './task-start-error.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const RDS_HOST = 'cashflow-db.abcdefgh.us-east-1.rds.amazonaws.com';
const DB_PASSWORD = 'first-generated-password-7f3a';
const JWT_KEY = 'generated-signing-key-0123456789abcdef';

let moto: MotoTestServer;
let clients: AwsLaunchClients;
let repo: { rootDir: string } & AsyncDisposable;
let launched: LaunchedProfile;
let dbSecretArn: string;
const stackOutputs: Record<string, string> = {};

interface StubAnswer {
  service: string;
  env: Record<string, string>;
}

/** Deploys, through the plain APIs, what the CDK stack gives the launcher: task definitions, secrets, ALB, distribution, bucket. */
async function deployFixture(): Promise<void> {
  const config = moto.clientConfig;
  const ec2 = new EC2Client(config);
  try {
    const db = await clients.secretsManager.send(
      new CreateSecretCommand({
        Name: 'cashflow/db',
        SecretString: JSON.stringify({ username: 'cashflow_app', password: DB_PASSWORD, host: RDS_HOST, port: 5432 }),
      }),
    );
    dbSecretArn = db.ARN!;
    const jwt = await clients.secretsManager.send(
      new CreateSecretCommand({ Name: 'cashflow/jwt', SecretString: JWT_KEY }),
    );
    const demo = await clients.secretsManager.send(
      new CreateSecretCommand({ Name: 'cashflow/demo', SecretString: 'demo-password-from-secret' }),
    );
    await clients.ssm.send(
      new PutParameterCommand({ Name: '/cashflow/jwt/issuer', Value: 'cashflow-auth', Type: 'String' }),
    );
    for (const name of Object.keys(APP_SERVICES) as AppServiceName[]) {
      const family = `cashflow-${name}`;
      await clients.ecs.send(
        new RegisterTaskDefinitionCommand({
          family,
          containerDefinitions: [
            {
              name,
              image: `cashflow/${name}:latest`,
              memory: 512,
              portMappings: [{ containerPort: APP_SERVICES[name] }],
              environment: [
                { name: 'PORT', value: String(APP_SERVICES[name]) },
                { name: 'DB_HOST', value: RDS_HOST },
                { name: 'DB_PORT', value: '5432' },
                { name: 'DB_NAME', value: `${name}_db` },
                { name: 'DB_SSLMODE', value: 'verify-full' },
                ...(name === 'auth' ? [{ name: 'DEMO_USERNAME', value: 'demo' }] : []),
              ],
              secrets: [
                { name: 'DB_USERNAME', valueFrom: `${dbSecretArn}:username::` },
                { name: 'DB_PASSWORD', valueFrom: `${dbSecretArn}:password::` },
                { name: 'JWT_SIGNING_KEY', valueFrom: jwt.ARN! },
                { name: 'JWT_ISSUER', valueFrom: '/cashflow/jwt/issuer' },
                ...(name === 'auth' ? [{ name: 'DEMO_PASSWORD', valueFrom: demo.ARN! }] : []),
              ],
            },
          ],
        }),
      );
      stackOutputs[`${name[0]!.toUpperCase()}${name.slice(1)}TaskDefinitionFamily`] = family;
    }

    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const subnets = await Promise.all(
      ['10.0.1.0/24', '10.0.2.0/24'].map((cidr, i) =>
        ec2.send(
          new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId, CidrBlock: cidr, AvailabilityZone: `us-east-1${'ab'[i]}` }),
        ),
      ),
    );
    const lb = (
      await clients.elbv2.send(
        new CreateLoadBalancerCommand({ Name: 'cashflow-alb', Subnets: subnets.map((s) => s.Subnet!.SubnetId!) }),
      )
    ).LoadBalancers![0]!;
    const listener = await clients.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [
          { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' } },
        ],
      }),
    );
    let priority = 10;
    for (const name of Object.keys(APP_SERVICES) as AppServiceName[]) {
      const group = await clients.elbv2.send(
        new CreateTargetGroupCommand({
          Name: `tg-${name}`,
          Protocol: 'HTTP',
          Port: APP_SERVICES[name],
          VpcId: vpc.Vpc!.VpcId,
          TargetType: 'ip',
        }),
      );
      await clients.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listener.Listeners![0]!.ListenerArn,
          Priority: priority,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [`/api/${name}/*`] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: group.TargetGroups![0]!.TargetGroupArn }],
        }),
      );
      priority += 10;
    }
    stackOutputs.AlbDnsName = lb.DNSName!;

    await clients.s3.send(new CreateBucketCommand({ Bucket: 'cashflow-site' }));
    stackOutputs.FrontendBucketName = 'cashflow-site';
    const distribution = await clients.cloudFront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: 'aws-profile-test',
          Comment: '',
          Enabled: true,
          DefaultRootObject: 'index.html',
          Origins: {
            Quantity: 2,
            Items: [
              {
                Id: 'site',
                DomainName: 'cashflow-site.s3.us-east-1.amazonaws.com',
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
              {
                Id: 'alb',
                DomainName: lb.DNSName!,
                CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
              },
            ],
          },
          DefaultCacheBehavior: { TargetOriginId: 'site', ViewerProtocolPolicy: 'redirect-to-https' },
          CacheBehaviors: {
            Quantity: 1,
            Items: [{ PathPattern: '/api/*', TargetOriginId: 'alb', ViewerProtocolPolicy: 'https-only' }],
          },
          CustomErrorResponses: {
            Quantity: 2,
            Items: [
              { ErrorCode: 403, ResponseCode: '200', ResponsePagePath: '/index.html' },
              { ErrorCode: 404, ResponseCode: '200', ResponsePagePath: '/index.html' },
            ],
          },
        },
      }),
    );
    stackOutputs.CloudFrontDistributionId = distribution.Distribution!.Id!;
  } finally {
    ec2.destroy();
  }
}

beforeAll(async () => {
  moto = await startMotoTestServer();
  const config = moto.clientConfig;
  clients = {
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    cloudFront: new CloudFrontClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    secretsManager: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
  };
  await deployFixture();
  repo = await createStubRepository(repoRoot);
  launched = await launchAwsProfile({
    rootDir: repo.rootDir,
    runDir: join(repo.rootDir, 'run'),
    logger: pino({ level: 'silent' }),
    clients,
    stackOutputs,
    resolveBinding: tableResolver({ [`${RDS_HOST}:5432`]: { host: '127.0.0.1', port: 35432 } }),
    caFile: '/harness/ca/ca.pem',
  });
}, 120_000);

afterAll(async () => {
  await launched?.stop();
  await repo?.[Symbol.asyncDispose]();
  for (const client of Object.values(clients ?? {})) client.destroy();
  await moto?.[Symbol.asyncDispose]();
});

async function ask(path: string): Promise<StubAnswer> {
  const response = await fetch(new URL(path, launched.gatewayUrl));
  expect(response.status).toBe(200);
  return (await response.json()) as StubAnswer;
}

describe('aws profile against moto', () => {
  test('each service runs with its task definition environment, secrets resolved and endpoints bound', async () => {
    const cashflow = await ask('/api/cashflow/entries');
    expect(cashflow.service).toBe('cashflow');
    expect(cashflow.env).toEqual({
      DB_HOST: '127.0.0.1',
      DB_PORT: '35432',
      DB_NAME: 'cashflow_db',
      DB_SSLMODE: 'verify-full',
      DB_USERNAME: 'cashflow_app',
      DB_PASSWORD: DB_PASSWORD,
      JWT_SIGNING_KEY: JWT_KEY,
      JWT_ISSUER: 'cashflow-auth',
      HOST: '127.0.0.1',
      PORT: String(launched.services.cashflow.getPort()),
      NODE_EXTRA_CA_CERTS: '/harness/ca/ca.pem',
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    });
    expect((await ask('/api/auth/login')).service).toBe('auth');
    expect((await ask('/api/consolidated/balances/2026-11-29')).service).toBe('consolidated');
    expect(launched.demoUser).toEqual({ username: 'demo', password: 'demo-password-from-secret' });
  });

  test('the gateway serves the SPA from the bucket, with the SPA fallback of the distribution', async () => {
    const index = await fetch(new URL('/', launched.gatewayUrl));
    expect(await index.text()).toContain('<title>cash flow</title>');
    const deepLink = await fetch(new URL('/reports/2026-11', launched.gatewayUrl));
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<title>cash flow</title>');
    expect(await (await fetch(new URL('/assets/app.js', launched.gatewayUrl))).text()).toBe('export {};');
  });

  test('no task definition carries a secret value in its environment', async () => {
    for (const name of Object.keys(APP_SERVICES)) {
      const { taskDefinition } = await clients.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: `cashflow-${name}` }),
      );
      const text = JSON.stringify(taskDefinition);
      for (const secret of [DB_PASSWORD, JWT_KEY, 'demo-password-from-secret']) expect(text).not.toContain(secret);
    }
  });

  // These two change the shared DB secret, so they run in order after the reads above.
  test('a rotated secret is picked up by a restarted task only', async () => {
    await clients.secretsManager.send(
      new PutSecretValueCommand({
        SecretId: dbSecretArn,
        SecretString: JSON.stringify({ username: 'cashflow_app', password: 'rotated-password-9c1e' }),
      }),
    );
    expect((await ask('/api/cashflow/x')).env.DB_PASSWORD).toBe(DB_PASSWORD);
    await launched.services.cashflow.restart();
    expect((await ask('/api/cashflow/x')).env.DB_PASSWORD).toBe('rotated-password-9c1e');
  });

  test('a deleted secret makes the restart fail as ECS would, leaving the task stopped', async () => {
    await clients.secretsManager.send(
      new DeleteSecretCommand({ SecretId: dbSecretArn, ForceDeleteWithoutRecovery: true }),
    );
    const error = await launched.services.cashflow.restart().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TaskStartError);
    expect((error as TaskStartError).code).toBe('ECS_RESOURCE_INITIALIZATION');
    expect((error as Error).message).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: /);
    expect((error as Error).message).not.toContain('rotated-password');
    expect(launched.services.cashflow.isRunning()).toBe(false);
    expect((await fetch(new URL('/api/cashflow/x', launched.gatewayUrl))).status).toBe(502);
    expect((await ask('/api/auth/x')).service).toBe('auth');
  });
});
