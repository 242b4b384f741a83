import { describe, expect, it } from 'vitest';
import { ExternalEmulator } from '../../emulator/external-emulator.ts';
import { externalUrl, ExternalProvider } from './external-provider.ts';

const request = (env: NodeJS.ProcessEnv, flavour: 'compose' | 'managed' = 'compose') =>
  ({ flavour, runId: 'x', runDir: '/x', ca: undefined as never, env }) as const;

describe('external provider', () => {
  it('names the missing variable', async () => {
    await expect(new ExternalProvider().startRabbitMq(request({}))).rejects.toMatchObject({
      code: 'ENV_MISSING',
      message: expect.stringContaining('AMQP_URL'),
    });
    expect(() => externalUrl('postgres', 'managed', {})).toThrow(/MANAGED_DATABASE_URL or DATABASE_URL/);
  });

  it('rejects a malformed URL naming the variable', () => {
    expect(() => externalUrl('redis', 'compose', { REDIS_URL: 'not a url' })).toThrow('REDIS_URL is not a valid URL');
  });

  it('wraps the URLs in handles that refuse to be stopped', async () => {
    const env = {
      DATABASE_URL: 'postgres://u:p@db.example:6543/postgres?sslmode=verify-full',
      REDIS_AUTH_TOKEN: 'tok',
    };
    const pg = await new ExternalProvider().startPostgres(request(env));
    expect(pg.getPort()).toBe(6543);
    expect(pg.getDatabaseUri('auth_db')).toBe('postgres://u:p@db.example:6543/auth_db?sslmode=verify-full');
    expect(pg.usesTls()).toBe(true);
    await expect(pg.stop()).rejects.toMatchObject({ code: 'STATE_INVALID' });
  });

  it('the external emulator needs AWS_ENDPOINT_URL', () => {
    expect(() => ExternalEmulator.fromEnv({})).toThrow(/AWS_ENDPOINT_URL is not set/);
    expect(ExternalEmulator.fromEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).getPort()).toBe(4566);
  });
});
