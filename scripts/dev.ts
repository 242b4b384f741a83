/**
 * `npm run dev`: the whole system on this machine without Docker, wired from docker-compose.yml
 * by the harness's compose launcher, against the PostgreSQL, RabbitMQ and Redis already running
 * here (standard ports, or the URLs in DEV_POSTGRES_URL, DEV_AMQP_URL, DEV_REDIS_URL). DEV_PORT
 * sets the frontend port (default 8080). Ctrl-C stops everything.
 */
import { join } from 'node:path';
import pino from 'pino';
import { backingServerUrls } from './dev/backing-servers.ts';
import { buildSpa } from './dev/build-spa.ts';
import { startDev } from './dev/start-dev.ts';

const root = join(import.meta.dirname, '..');

/** Bad settings end the run with exit code 2 before anything starts. */
function refuse(message: string): never {
  console.error(`dev: ${message}`);
  process.exit(2);
}

function frontendPort(): number {
  const raw = process.env.DEV_PORT ?? '8080';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    refuse(`DEV_PORT must be a port number (0 for any free port), got ${JSON.stringify(raw)}`);
  }
  return port;
}

let backing;
try {
  backing = backingServerUrls(process.env);
} catch (error) {
  refuse((error as Error).message);
}
const port = frontendPort();

const logger = pino({ name: 'dev', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
const logDir = join(root, 'reports', 'dev');
// Signals are taken from here on: one that arrives while the stack starts stops it as soon as the
// start returns, instead of ending this process and leaving the services running.
let running: Awaited<ReturnType<typeof startDev>> | undefined;
let stopping: NodeJS.Signals | undefined;
function stop(signal: NodeJS.Signals): void {
  if (!running) {
    console.log(`\n  ${signal}: stopping as soon as the start is done...`);
    return;
  }
  console.log(`\n  ${signal}: stopping...`);
  running
    .stop()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(`dev: stopping failed: ${(error as Error).message}`);
      process.exit(1);
    });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = signal;
    stop(signal);
  });
}

try {
  const siteRoot = await buildSpa(root, join(root, 'services', 'frontend', 'dist'), logger);
  running = await startDev({ rootDir: root, backing, env: process.env, frontendPort: port, logDir, siteRoot, logger });
} catch (error) {
  console.error(`dev: the stack did not start: ${(error as Error).message}`);
  process.exit(1);
}

if (stopping) {
  stop(stopping);
} else {
  const demo = running.demoUser;
  // Only the development default is shown; a password given in the environment stays unprinted.
  const password = process.env.DEMO_PASSWORD ? '(the DEMO_PASSWORD you set)' : demo?.password;
  console.log(`
  Cash flow is running at ${running.gatewayUrl}
  ${demo ? `Sign in as ${demo.username} / ${password}` : 'No demo user is configured (DEMO_USERNAME, DEMO_PASSWORD).'}
  Service logs: ${logDir}/{auth,cashflow,consolidated}.log
  Press Ctrl-C to stop.
`);
}
