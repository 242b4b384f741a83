import Type from 'typebox';
import {
  ConfigError,
  dbConfigFrom,
  dbEnv,
  httpConfigFrom,
  httpEnv,
  jwtConfigFrom,
  jwtEnv,
  readEnv,
  redisConfigFrom,
  redisEnv,
  requireTlsConnections,
  tlsPolicyEnv,
  type DbConfig,
  type HttpConfig,
  type JwtConfig,
  type RedisConfig,
} from '../../shared/src/index.ts';

/** Everything the auth service reads from its environment. */
export interface AuthConfig {
  readonly http: HttpConfig;
  readonly db: DbConfig;
  readonly jwt: JwtConfig;
  /**
   * The Redis every auth task shares: it holds the rate limit's counters (so the limit is per client
   * for the whole service, not per task) and the revoked subjects the other services read.
   */
  readonly redis: RedisConfig;
  /** A user seeded at start; the password is a secret. */
  readonly demoUser: { readonly username: string; readonly password: string } | undefined;
  /** Token requests per client address per minute. */
  readonly rateLimitPerMinute: number;
}

const schema = Type.Object({
  ...httpEnv,
  ...dbEnv,
  ...jwtEnv,
  ...redisEnv,
  ...tlsPolicyEnv,
  DEMO_USERNAME: Type.Optional(Type.String({ maxLength: 100, description: 'a user name of at most 100 characters' })),
  DEMO_PASSWORD: Type.Optional(Type.String({ minLength: 8, description: 'a password of at least 8 characters' })),
  AUTH_RATE_LIMIT_PER_MINUTE: Type.Optional(
    Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'requests per minute, 1-999999' }),
  ),
});

/**
 * Parses the auth service's configuration.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const raw = readEnv(schema, env);
  if ((raw.DEMO_USERNAME === undefined) !== (raw.DEMO_PASSWORD === undefined)) {
    const missing = raw.DEMO_USERNAME === undefined ? 'DEMO_USERNAME' : 'DEMO_PASSWORD';
    throw new ConfigError([missing], [`${missing} is required when the other DEMO_ variable is set`]);
  }
  const db = dbConfigFrom(raw, 'auth_db');
  requireTlsConnections(raw, db);
  return {
    http: httpConfigFrom(raw, 3001),
    db,
    jwt: jwtConfigFrom(raw),
    redis: redisConfigFrom(raw, 'auth'),
    demoUser:
      raw.DEMO_USERNAME === undefined || raw.DEMO_PASSWORD === undefined
        ? undefined
        : { username: raw.DEMO_USERNAME, password: raw.DEMO_PASSWORD },
    rateLimitPerMinute: Number(raw.AUTH_RATE_LIMIT_PER_MINUTE ?? '30'),
  };
}
