import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMotoTestServer, type MotoTestServer } from '../../test-support/moto-test-server.ts';
import { syncBucketToDirectory, uploadDirectory, withBucketPolicyLifted } from './static-site.ts';

let moto: MotoTestServer;
let s3: S3Client;
let dir: string;

beforeAll(async () => {
  moto = await startMotoTestServer();
  s3 = new S3Client({ ...moto.clientConfig, forcePathStyle: true });
  dir = await mkdtemp(join(tmpdir(), 'launch-site-'));
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await moto?.[Symbol.asyncDispose]();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The statement CDK's `enforceSSL: true` adds to a bucket policy. */
function enforceSslPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
    ],
  });
}

test('the SPA reaches the bucket and back through an enforceSSL policy, which is put back', async () => {
  const bucket = 'site-with-policy';
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: enforceSslPolicy(bucket) }));
  // What the workaround is for: moto denies this although the condition does not hold for TLS callers.
  await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: 'x' }))).rejects.toThrow();

  const dist = join(dir, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), '<title>spa</title>');
  await writeFile(join(dist, 'assets', 'app.js'), 'export {}');
  const site = join(dir, 'site');
  const counts = await withBucketPolicyLifted(s3, bucket, pino({ level: 'silent' }), async () => ({
    uploaded: await uploadDirectory(s3, bucket, dist),
    synced: await syncBucketToDirectory(s3, bucket, site),
  }));

  expect(counts).toEqual({ uploaded: 2, synced: 2 });
  expect(await readFile(join(site, 'assets', 'app.js'), 'utf8')).toBe('export {}');
  const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }));
  expect(JSON.parse(Policy!)).toEqual(JSON.parse(enforceSslPolicy(bucket)));
});
