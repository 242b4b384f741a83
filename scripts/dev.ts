/**
 * `npm run dev`: the whole system on this machine without Docker, wired from docker-compose.yml,
 * against the PostgreSQL, RabbitMQ and Redis already running here (standard ports, or the URLs in
 * DEV_POSTGRES_URL, DEV_AMQP_URL, DEV_REDIS_URL). DEV_PORT sets the frontend port (default 8080).
 * Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { DevStack } from './dev/dev-stack.ts';
import { backingServerUrls } from './dev/local-environment.ts';

const root = join(import.meta.dirname, '..');

function frontendPort(): number {
  const raw = process.env.DEV_PORT ?? '8080';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    console.error(`dev: DEV_PORT must be a port number (0 for any free port), got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return port;
}

let backing;
try {
  backing = backingServerUrls(process.env);
} catch (error) {
  console.error(`dev: ${(error as Error).message}`);
  process.exit(2);
}

const logDir = join(root, 'reports', 'dev');
let stack;
try {
  stack = await new DevStack(root, backing).withFrontendPort(frontendPort()).withLogDir(logDir).start();
} catch (error) {
  console.error(`dev: the stack did not start: ${(error as Error).message}`);
  process.exit(1);
}

const demo = stack.getDemoCredentials();
// Only the development default is shown; a password given in the environment stays unprinted.
const password = process.env.DEMO_PASSWORD ? '(the DEMO_PASSWORD you set)' : demo?.password;
console.log(`
  Cash flow is running at ${stack.getUrl()}
  ${demo ? `Sign in as ${demo.username} / ${password}` : 'No demo user is configured (DEMO_USERNAME, DEMO_PASSWORD).'}
  Service logs: ${logDir}/{auth,cashflow,consolidated}.log
  Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping...`);
    stack
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`dev: stopping failed: ${(error as Error).message}`);
        process.exit(1);
      });
  });
}
