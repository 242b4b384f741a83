import { spawn } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, sep } from 'node:path';
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Logger } from 'pino';
import { HarnessError } from '../../core/harness-error.ts';
import { traversableByOthers } from '../../core/run-dir.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const builds = new Map<string, Promise<string>>();

/**
 * Returns the SPA's Vite build directory, building it first when `index.html` is missing
 * (with Vite run by this Node directly, as the frontend image does). Both profiles launch at
 * once, so concurrent callers share one build instead of racing on the same directory.
 */
export function ensureSpaBuilt(rootDir: string, logger: Logger, timeoutMs = 120_000): Promise<string> {
  let build = builds.get(rootDir);
  if (build === undefined) {
    build = buildSpaIfMissing(rootDir, logger, timeoutMs);
    builds.set(rootDir, build);
    // A failed build may be retried by a later launch.
    build.catch(() => builds.delete(rootDir));
  }
  return build;
}

async function buildSpaIfMissing(rootDir: string, logger: Logger, timeoutMs: number): Promise<string> {
  const dist = join(rootDir, 'services', 'frontend', 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;
  logger.info({ dist }, 'building the SPA with Vite');
  const vite = join(rootDir, 'node_modules', 'vite', 'bin', 'vite.js');
  const output: string[] = [];
  const child = spawn(process.execPath, [vite, 'build', '--config', 'services/frontend/vite.config.ts'], {
    cwd: rootDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString());
    if (output.length > 40) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`timeout after ${timeoutMs} ms`);
    }, timeoutMs);
    child.once('exit', (exitCode, signal) => {
      clearTimeout(timer);
      resolve(exitCode ?? String(signal));
    });
  });
  if (code !== 0 || !existsSync(join(dist, 'index.html'))) {
    throw new HarnessError(
      'START_FAILED',
      `vite build of services/frontend failed (${code}):\n${output.join('').trimEnd()}`,
    );
  }
  return dist;
}

/** Uploads every file under `directory` to the bucket with its content type (keys use `/`). */
export async function uploadDirectory(s3: S3Client, bucket: string, directory: string): Promise<number> {
  const files = await listFiles(directory);
  for (const file of files) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: relative(directory, file).split(sep).join('/'),
        Body: await readFile(file),
        ContentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      }),
    );
  }
  return files.length;
}

/**
 * Copies the bucket's objects into `directory`, which the gateway's nginx serves as the
 * default behaviour's origin. Serving a copy (rather than proxying to the emulator's S3
 * path-style URLs) keeps moto out of the request path of every page load; the copy is made
 * from the bucket, so what is served is what was deployed.
 */
export async function syncBucketToDirectory(s3: S3Client, bucket: string, directory: string): Promise<number> {
  let count = 0;
  let pages = 0;
  for await (const listed of paginateListObjectsV2({ client: s3, stopOnSameToken: true }, { Bucket: bucket })) {
    // Bounded: a site has far fewer than 100 pages of 1000 objects.
    if (++pages > 100) {
      throw new HarnessError('EMULATOR_ANSWER_INVALID', `bucket ${bucket} lists more than 100 pages of objects`);
    }
    for (const object of listed.Contents ?? []) {
      const key = object.Key!;
      const target = join(directory, ...key.split('/'));
      if (!target.startsWith(directory + sep))
        throw new HarnessError('EMULATOR_ANSWER_INVALID', `object key ${key} escapes the site directory`);
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
      await writeFile(target, await body.Body!.transformToByteArray(), { mode: 0o644 });
      count += 1;
    }
  }
  return count;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Runs `work` with the bucket's policy removed, then puts the policy back. moto evaluates a
 * bucket policy's Deny statements without their conditions, so the `aws:SecureTransport`
 * Deny that CDK's `enforceSSL` adds blocks every object call (real S3 applies it only to
 * plain-HTTP requests, and these would be TLS). Logged, never silent.
 */
export async function withBucketPolicyLifted<T>(
  s3: S3Client,
  bucket: string,
  logger: Logger,
  work: () => Promise<T>,
): Promise<T> {
  let policy: string | undefined;
  try {
    policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchBucketPolicy') throw error;
  }
  if (policy === undefined) return work();
  logger.warn(
    { bucket },
    'lifting the bucket policy while objects are copied: moto applies its Deny statements without their conditions',
  );
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  try {
    return await work();
  } finally {
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  }
}

/**
 * The SPA's directory as nginx's worker can read it. The worker runs as nobody when the harness
 * runs as root, so a build inside a checkout under a directory others cannot enter (root's 0700
 * home) would answer 403: then the files are copied into the run's own directory, which the harness
 * keeps traversable, and served from there.
 */
export function siteReadableByWorker(siteRoot: string, runDir: string, logger: Logger): string {
  if (traversableByOthers(siteRoot)) return siteRoot;
  const copy = join(runDir, 'site');
  cpSync(siteRoot, copy, { recursive: true });
  logger.info({ siteRoot, copy }, "the SPA's directory is not readable by nginx's worker: serving a copy");
  return copy;
}
