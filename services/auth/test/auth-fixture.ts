import { createLogger } from '../../shared/src/index.ts';
import { dropDatabase, TEST_SERVERS, TEST_SIGNING_KEY, uniqueSuffix } from '../../shared/test/test-env.ts';
import { loadAuthConfig, type AuthConfig } from '../src/config.ts';
import { startAuth, type AuthService } from '../src/service.ts';

/** An auth service on its own database; dispose to drop it. */
export interface AuthFixture extends AsyncDisposable {
  readonly service: AuthService;
  readonly config: AuthConfig;
  readonly database: string;
  /** Where this fixture's auth records revoked subjects (its own, on the shared Redis). */
  readonly revokedSubjectsKey: string;
}

/** Starts auth for one test file with a seeded demo user. */
export async function startAuthFixture(env: Record<string, string> = {}): Promise<AuthFixture> {
  const suffix = uniqueSuffix();
  const database = `auth_db_t${suffix}`;
  const revokedSubjectsKey = `auth-t${suffix}:revoked-subjects`;
  const url = new URL(TEST_SERVERS.postgres);
  url.pathname = `/${database}`;
  const config = loadAuthConfig({
    DATABASE_URL: url.href,
    JWT_SIGNING_KEY: TEST_SIGNING_KEY,
    DEMO_USERNAME: 'demo',
    DEMO_PASSWORD: 'demo-password-1',
    REDIS_URL: TEST_SERVERS.redis,
    // Its own counters on the machine's Redis, so parallel files never share a limit.
    REDIS_KEY_PREFIX: `auth-t${suffix}:`,
    ...env,
  });
  const service = await startAuth(config, {
    logger: createLogger('auth', process.env.TEST_LOG_LEVEL ?? 'silent'),
    revokedSubjectsKey,
  });
  await service.app.ready();
  return {
    service,
    config,
    database,
    revokedSubjectsKey,
    async [Symbol.asyncDispose]() {
      await service.close();
      await dropDatabase(database);
    },
  };
}
