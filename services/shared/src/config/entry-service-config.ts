import type { Static, TObject } from 'typebox';
import { amqpConfigFrom, amqpEnv, type AmqpConfig } from './amqp-config.ts';
import { dbConfigFrom, dbEnv, type DbConfig } from './db-config.ts';
import { httpConfigFrom, httpEnv, type HttpConfig } from './http-config.ts';
import { jwtConfigFrom, jwtEnv, type JwtConfig } from './jwt-config.ts';
import { redisConfigFrom, redisEnv, type RedisConfig } from './redis-config.ts';
import { requireTlsConnections, tlsPolicyEnv } from './tls-policy.ts';

/**
 * What cashflow and consolidated both read: they serve HTTP behind JWT, keep their data in their
 * own database, meet on the bus and cache in Redis.
 */
export interface EntryServiceConfig {
  readonly http: HttpConfig;
  readonly db: DbConfig;
  readonly amqp: AmqpConfig;
  readonly redis: RedisConfig;
  readonly jwt: JwtConfig;
}

/** The environment variables behind {@link EntryServiceConfig}. */
export const entryServiceEnv = { ...httpEnv, ...dbEnv, ...amqpEnv, ...redisEnv, ...jwtEnv, ...tlsPolicyEnv };

/** The defaults that tell the two services apart. */
export interface EntryServiceDefaults {
  readonly port: number;
  readonly database: string;
  /** Names the service in its Redis keys. */
  readonly serviceName: string;
}

/**
 * Builds {@link EntryServiceConfig} from validated variables.
 *
 * @throws ConfigError when `REQUIRE_TLS=true` and a connection would go in clear.
 */
export function entryServiceConfigFrom(
  env: Static<TObject<typeof entryServiceEnv>>,
  defaults: EntryServiceDefaults,
): EntryServiceConfig {
  const db = dbConfigFrom(env, defaults.database);
  requireTlsConnections(env, db);
  return {
    http: httpConfigFrom(env, defaults.port),
    db,
    amqp: amqpConfigFrom(env),
    redis: redisConfigFrom(env, defaults.serviceName),
    jwt: jwtConfigFrom(env),
  };
}
