import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Runs `npm run dev`'s script with `env` added; these cases stop before anything starts. */
function dev(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'dev.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('npm run dev refuses bad settings before starting anything', () => {
  it('names DEV_PORT when it is not a port', () => {
    const { status, stderr } = dev({ DEV_PORT: 'eighty' });
    expect(status).toBe(2);
    expect(stderr).toContain('dev: DEV_PORT must be a port number (0 for any free port), got "eighty"');
  });

  it('names the backing-server URL variable that is wrong', () => {
    const { status, stderr } = dev({ DEV_AMQP_URL: 'http://127.0.0.1:5672' });
    expect(status).toBe(2);
    // Plain AMQP only: the compose wiring keeps its own scheme, so a TLS URL could not take effect.
    expect(stderr).toContain('dev: DEV_AMQP_URL must start with amqp:// (');
  });
});
