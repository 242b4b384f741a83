#!/usr/bin/env node
// Runs before `npm start` and `npm test` so that both work on a fresh clone: it installs the
// npm dependencies (which bring Node 22 through the `node` package) and, as root on Debian,
// the system packages the harness and the browser test run. It runs on whatever Node the
// machine has, so it uses only built-ins.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.install-stamp');

/** Debian packages the project runs, by the binary that proves each one is there. */
const systemPackages = [
  { binary: '/usr/sbin/nginx', pkg: 'nginx-light', why: 'routers (compose frontend, ALB/CloudFront stand-in)' },
  { binary: '/usr/bin/chromium', pkg: 'chromium', why: 'the browser test of the SPA' },
  { binary: '/usr/bin/redis-server', pkg: 'redis-server', why: 'Redis backing server' },
  { binary: '/usr/sbin/rabbitmq-server', pkg: 'rabbitmq-server', why: 'RabbitMQ backing server' },
];

function log(message) {
  process.stderr.write(`[ensure-installed] ${message}\n`);
}

function lockHash() {
  const lock = join(root, 'package-lock.json');
  return existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'no-lock';
}

function ensureNpmDependencies() {
  const wanted = lockHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  log(
    'installing npm dependencies (npm ci; the engine warnings of running npm itself on an older Node are silenced)...',
  );
  // --include=dev: the harness, infra and tests live in devDependencies (dependencies are only what
  // the service images run), and NODE_ENV=production in a shell would otherwise leave them out.
  const result = spawnSync('npm', ['ci', '--include=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    log(`npm ci failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, wanted);
}

function ensureSystemPackages() {
  const missing = systemPackages.filter(({ binary }) => !existsSync(binary));
  if (missing.length === 0) return;
  const names = missing.map(({ pkg }) => pkg);
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    for (const { pkg, why } of missing) log(`missing Debian package ${pkg} (${why})`);
    log(`install them with: sudo apt-get install -y ${names.join(' ')}`);
    return;
  }
  log(`installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env });
}

ensureSystemPackages();
ensureNpmDependencies();
