import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const server = fileURLToPath(new URL('../../../cashflow/src/server.ts', import.meta.url));

it('stops the process with a message naming the missing variable', () => {
  // Runs the real entry point: the message must reach stderr and the exit code must be non-zero.
  const result = spawnSync(process.execPath, ['--import', 'tsx', server], {
    env: { PATH: process.env.PATH, REDIS_URL: 'redis://127.0.0.1:6379', JWT_SIGNING_KEY: 'k'.repeat(32) },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.status).toBe(78);
  expect(result.stderr).toContain('AMQP_URL is required');
});
