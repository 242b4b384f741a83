import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateAwsRouterConfig, RouterConfigError } from './aws-router-config.ts';
import { viewerRequestDirectives } from './viewer-request-function.ts';
import { getFreePort } from '../../core/free-port.ts';
import { startMotoTestServer, type MotoTestServer } from '../../test-support/moto-test-server.ts';
import { startNginxRouter } from './nginx-router.ts';
import { pathPatternToRegex } from './path-pattern.ts';
import { readAwsRouting, type AwsRouting } from '../aws/read-aws-routing.ts';

let moto: MotoTestServer;
let dir: string;
let routing: AwsRouting;
let tgArns: { auth: string; cashflow: string };
const stubs: Server[] = [];

/** An upstream stand-in that names itself and echoes the path it was asked for. */
async function startStub(name: string): Promise<{ host: string; port: number }> {
  const server = createServer((req, res) =>
    res.end(req.url === '/api/auth/forwarded' ? `${name} ${req.headers['x-forwarded-for']}` : `${name} ${req.url}`),
  );
  stubs.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { host: '127.0.0.1', port: typeof address === 'object' && address ? address.port : 0 };
}

beforeAll(async () => {
  moto = await startMotoTestServer();
  dir = await mkdtemp(join(tmpdir(), 'launch-router-'));
  // nginx's worker runs as nobody when the test runs as root: it must be able to read the bucket copy.
  await chmod(dir, 0o755);
  const ec2 = new EC2Client(moto.clientConfig);
  const elbv2 = new ElasticLoadBalancingV2Client(moto.clientConfig);
  const cloudFront = new CloudFrontClient(moto.clientConfig);
  try {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const subnets = await Promise.all(
      ['10.0.1.0/24', '10.0.2.0/24'].map((cidr, i) =>
        ec2.send(
          new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId, CidrBlock: cidr, AvailabilityZone: `us-east-1${'ab'[i]}` }),
        ),
      ),
    );
    const lb = await elbv2.send(
      new CreateLoadBalancerCommand({ Name: 'alb', Subnets: subnets.map((s) => s.Subnet!.SubnetId!) }),
    );
    const lbArn = lb.LoadBalancers![0]!.LoadBalancerArn!;
    const tg = async (name: string, port: number) =>
      (
        await elbv2.send(
          new CreateTargetGroupCommand({
            Name: name,
            Protocol: 'HTTP',
            Port: port,
            VpcId: vpc.Vpc!.VpcId,
            TargetType: 'ip',
          }),
        )
      ).TargetGroups![0]!.TargetGroupArn!;
    tgArns = { auth: await tg('auth', 3001), cashflow: await tg('cashflow', 3002) };
    const listener = await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [
          {
            Type: 'fixed-response',
            FixedResponseConfig: {
              StatusCode: '404',
              ContentType: 'application/json',
              MessageBody: '{"code":"ROUTE_NOT_FOUND"}',
            },
          },
        ],
      }),
    );
    const listenerArn = listener.Listeners![0]!.ListenerArn!;
    // Created out of priority order on purpose: the router must sort them.
    await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 20,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/cashflow/*'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: tgArns.cashflow }],
      }),
    );
    await elbv2.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/auth/*', '/api/cashflow/login'] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: tgArns.auth }],
      }),
    );
    const distribution = await cloudFront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: 'router-test',
          Comment: '',
          Enabled: true,
          DefaultRootObject: 'index.html',
          Origins: {
            Quantity: 2,
            Items: [
              {
                Id: 'site',
                DomainName: 'site-bucket.s3.us-east-1.amazonaws.com',
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
              {
                Id: 'api',
                DomainName: lb.LoadBalancers![0]!.DNSName!,
                CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' },
              },
            ],
          },
          DefaultCacheBehavior: { TargetOriginId: 'site', ViewerProtocolPolicy: 'redirect-to-https' },
          CacheBehaviors: {
            Quantity: 1,
            Items: [{ PathPattern: '/api/*', TargetOriginId: 'api', ViewerProtocolPolicy: 'https-only' }],
          },
          CustomErrorResponses: {
            Quantity: 1,
            Items: [{ ErrorCode: 403, ResponseCode: '200', ResponsePagePath: '/index.html' }],
          },
        },
      }),
    );
    routing = await readAwsRouting(
      { elbv2, cloudFront },
      { loadBalancerArn: lbArn, distributionId: distribution.Distribution!.Id! },
    );
  } finally {
    ec2.destroy();
    elbv2.destroy();
    cloudFront.destroy();
  }
}, 90_000);

afterAll(async () => {
  for (const stub of stubs) stub.close();
  await moto?.[Symbol.asyncDispose]();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('aws router generated from moto', () => {
  test('reads the listener rules and the distribution back from the emulator', () => {
    expect(routing.listenerRules.map((r) => r.Priority).sort()).toEqual(['10', '20', 'default']);
    expect(routing.distribution.CacheBehaviors?.Items?.[0]?.PathPattern).toBe('/api/*');
  });

  test('routes like the ALB and CloudFront: rules by priority, default action, bucket with SPA fallback', async () => {
    const bucket = join(dir, 'bucket');
    await mkdir(join(bucket, 'assets'), { recursive: true });
    await writeFile(join(bucket, 'index.html'), '<title>spa</title>');
    await writeFile(join(bucket, 'assets', 'app.js'), 'export {}');
    const gatewayListen = { host: '127.0.0.1', port: await getFreePort() };
    const config = generateAwsRouterConfig({
      listenerRules: routing.listenerRules,
      distribution: routing.distribution,
      targetGroups: { [tgArns.auth]: [await startStub('auth')], [tgArns.cashflow]: [await startStub('cashflow')] },
      albListen: { host: '127.0.0.1', port: await getFreePort() },
      gatewayListen,
      bucketDirectory: bucket,
    });
    await using router = await startNginxRouter({
      name: 'router-aws-test',
      runDir: dir,
      siteConfig: config,
      ...gatewayListen,
      logger: pino({ level: 'silent' }),
    });
    const get = async (path: string) => {
      const response = await fetch(new URL(path, router.getUrl()));
      return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
    };
    expect(await get('/api/auth/login')).toMatchObject({ status: 200, body: 'auth /api/auth/login' });
    // Priority 10 also claims this one cashflow path, and wins over priority 20.
    expect(await get('/api/cashflow/login')).toMatchObject({ status: 200, body: 'auth /api/cashflow/login' });
    expect(await get('/api/cashflow/entries?x=1')).toMatchObject({
      status: 200,
      body: 'cashflow /api/cashflow/entries?x=1',
    });
    expect(await get('/api/nothing')).toEqual({
      status: 404,
      body: '{"code":"ROUTE_NOT_FOUND"}',
      type: 'application/json',
    });
    expect(await get('/')).toMatchObject({ status: 200, body: '<title>spa</title>' });
    expect(await get('/reports/2026-11')).toMatchObject({ status: 200, body: '<title>spa</title>' });
    expect(await get('/assets/app.js')).toMatchObject({ status: 200, body: 'export {}' });
  });
});

describe('the ALB stand-in with two tasks in a target group', () => {
  test('spreads requests over both tasks, and each of its two hops appends to X-Forwarded-For', async () => {
    const bucket = join(dir, 'bucket-two');
    await mkdir(bucket, { recursive: true });
    const gatewayListen = { host: '127.0.0.1', port: await getFreePort() };
    const config = generateAwsRouterConfig({
      listenerRules: routing.listenerRules,
      distribution: routing.distribution,
      targetGroups: {
        [tgArns.auth]: [await startStub('auth-1'), await startStub('auth-2')],
        [tgArns.cashflow]: [await startStub('cashflow')],
      },
      albListen: { host: '127.0.0.1', port: await getFreePort() },
      gatewayListen,
      bucketDirectory: bucket,
    });
    await using router = await startNginxRouter({
      name: 'router-aws-two',
      runDir: dir,
      siteConfig: config,
      ...gatewayListen,
      logger: pino({ level: 'silent' }),
    });
    const answers: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(new URL('/api/auth/forwarded', router.getUrl()), {
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      answers.push(await response.text());
    }
    // The client's own entry, then the viewer address the CloudFront stand-in saw, then the one the ALB saw.
    expect(new Set(answers)).toEqual(
      new Set(['auth-1 198.51.100.7, 127.0.0.1, 127.0.0.1', 'auth-2 198.51.100.7, 127.0.0.1, 127.0.0.1']),
    );
  });
});

describe('pathPatternToRegex', () => {
  test.each([
    [['/api/*'], '^/api/[\\s\\S]*$'],
    [['api/*'], '^/api/[\\s\\S]*$'],
    [['/a?c', '/x.y'], '^(?:/a[\\s\\S]c|/x\\.y)$'],
    [['*'], '^[\\s\\S]*$'],
  ])('%j -> %s', (patterns, regex) => {
    expect(pathPatternToRegex(patterns)).toBe(regex);
  });

  test('a wildcard spans a decoded line break, as CloudFront matches the path undecoded', () => {
    expect(new RegExp(pathPatternToRegex(['/api/*'])).test('/api/consolidated/balances/2026-01-01\r\nX:1')).toBe(true);
  });
});

describe('viewer-request functions', () => {
  test('the SPA fallback function becomes a rewrite that serves client-side routes and leaves assets alone', async () => {
    const { SPA_FALLBACK_FUNCTION_CODE } = await import('../../../infra/lib/frontend.ts');
    const bucket = join(dir, 'bucket-fn');
    await mkdir(join(bucket, 'assets'), { recursive: true });
    await writeFile(join(bucket, 'index.html'), '<title>spa</title>');
    await writeFile(join(bucket, 'assets', 'app.js'), 'export {}');
    const arn = 'arn:aws:cloudfront::123456789012:function/SpaFallback';
    const gatewayListen = { host: '127.0.0.1', port: await getFreePort() };
    const config = generateAwsRouterConfig({
      listenerRules: routing.listenerRules,
      distribution: {
        ...routing.distribution,
        CustomErrorResponses: { Quantity: 0, Items: [] },
        DefaultCacheBehavior: {
          ...routing.distribution.DefaultCacheBehavior!,
          FunctionAssociations: { Quantity: 1, Items: [{ FunctionARN: arn, EventType: 'viewer-request' }] },
        },
      },
      targetGroups: { [tgArns.auth]: [await startStub('auth')], [tgArns.cashflow]: [await startStub('cashflow')] },
      albListen: { host: '127.0.0.1', port: await getFreePort() },
      gatewayListen,
      bucketDirectory: bucket,
      viewerRequestFunctions: { [arn]: SPA_FALLBACK_FUNCTION_CODE },
    });
    await using router = await startNginxRouter({
      name: 'router-fn-test',
      runDir: dir,
      siteConfig: config,
      ...gatewayListen,
      logger: pino({ level: 'silent' }),
    });
    const get = async (path: string) => {
      const response = await fetch(new URL(path, router.getUrl()));
      return { status: response.status, body: await response.text() };
    };
    expect(await get('/reports/2026-11')).toEqual({ status: 200, body: '<title>spa</title>' });
    expect(await get('/')).toEqual({ status: 200, body: '<title>spa</title>' });
    expect(await get('/assets/app.js')).toEqual({ status: 200, body: 'export {}' });
    // No error responses configured: a missing object is S3's 403, and /api stays the API's.
    expect((await get('/assets/missing.js')).status).toBe(403);
    expect(await get('/api/auth/x')).toEqual({ status: 200, body: 'auth /api/auth/x' });
  });

  test('a function that does anything else is refused rather than guessed', () => {
    const code =
      'function handler(event) { event.request.uri = event.request.uri.toLowerCase(); return event.request; }';
    expect(() => viewerRequestDirectives(code, 'Lowercase')).toThrow(RouterConfigError);
    expect(() => viewerRequestDirectives('var x = 1;', 'NoHandler')).toThrow('defines no handler(event)');
  });
});

describe('TLS gateway', () => {
  test('serves the gateway over HTTPS with a certificate of the harness CA', async () => {
    const { CertificateAuthority } = await import('../../tls/certificate-authority.ts');
    const ca = await CertificateAuthority.create(join(dir, 'ca'));
    const files = ca.installServerCertificate(join(dir, 'gateway-tls'));
    const bucket = join(dir, 'bucket-tls');
    await mkdir(bucket, { recursive: true });
    await writeFile(join(bucket, 'index.html'), '<title>tls</title>');
    const gatewayListen = { host: '127.0.0.1', port: await getFreePort() };
    const albListen = { host: '127.0.0.1', port: await getFreePort() };
    const config = generateAwsRouterConfig({
      listenerRules: routing.listenerRules,
      distribution: routing.distribution,
      targetGroups: { [tgArns.auth]: [await startStub('auth')], [tgArns.cashflow]: [await startStub('cashflow')] },
      albListen,
      gatewayListen,
      bucketDirectory: bucket,
      gatewayTls: { certificateFile: files.certFile, keyFile: files.keyFile },
    });
    await using _router = await startNginxRouter({
      name: 'router-tls-test',
      runDir: dir,
      siteConfig: config,
      ...albListen,
      logger: pino({ level: 'silent' }),
    });
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          new URL(path, `https://${gatewayListen.host}:${gatewayListen.port}/`),
          { ca: readFileSync(ca.caFile, 'utf8'), timeout: 5_000 },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await get('/')).toEqual({ status: 200, body: '<title>tls</title>' });
    expect(await get('/api/auth/login')).toEqual({ status: 200, body: 'auth /api/auth/login' });
  });
});
