import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestHome } from '../test-support/test-home.ts';
import { MotoEmulator } from './moto-emulator.ts';
import { EMULATOR_CREDENTIALS } from './started-emulator.ts';

const home = createTestHome('moto');
afterAll(() => home.remove());

describe('moto emulator', () => {
  it('starts on a free port, reports its version, and reset() forgets every resource', async () => {
    await using moto = await new MotoEmulator().withRunDir(home.runDir('moto')).start();
    expect(moto.getVersion()).toMatch(/^moto \d+\.\d+\.\d+/);
    expect(moto.getEndpoint()).toBe(`http://127.0.0.1:${moto.getPort()}`);
    const s3 = new S3Client({
      endpoint: moto.getEndpoint(),
      region: moto.getRegion(),
      forcePathStyle: true,
      credentials: EMULATOR_CREDENTIALS,
    });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'frontend-assets' }));
      expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['frontend-assets']);
      await moto.reset();
      expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);

      await moto.kill();
      expect(moto.isRunning()).toBe(false);
      await moto.start();
      expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    } finally {
      s3.destroy();
    }
  });

  it('says how to install moto when moto_server is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(new MotoEmulator().withRunDir(home.runDir('missing')).start()).rejects.toMatchObject({
        code: 'BINARY_MISSING',
        message: expect.stringContaining('pip install "moto[server]"'),
      });
    } finally {
      process.env.PATH = path;
    }
  });
});
