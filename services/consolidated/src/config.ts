import Type from 'typebox';
import {
  amqpConfigFrom,
  amqpEnv,
  dbConfigFrom,
  dbEnv,
  httpConfigFrom,
  httpEnv,
  jwtConfigFrom,
  jwtEnv,
  readEnv,
  redisConfigFrom,
  redisEnv,
  type AmqpConfig,
  type DbConfig,
  type HttpConfig,
  type JwtConfig,
  type RedisConfig,
} from '../../shared/src/index.ts';

/** Everything the consolidated service reads from its environment. */
export interface ConsolidatedConfig {
  readonly http: HttpConfig;
  readonly db: DbConfig;
  readonly amqp: AmqpConfig;
  readonly redis: RedisConfig;
  readonly jwt: JwtConfig;
  /** How long a cached balance or report lives; it bounds staleness if an invalidation is lost. */
  readonly cacheTtlSeconds: number;
}

const schema = Type.Object({
  ...httpEnv,
  ...dbEnv,
  ...amqpEnv,
  ...redisEnv,
  ...jwtEnv,
  CACHE_TTL_SECONDS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: 'seconds, 1-99999' })),
});

/**
 * Parses the consolidated service's configuration.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadConsolidatedConfig(env: NodeJS.ProcessEnv = process.env): ConsolidatedConfig {
  const raw = readEnv(schema, env);
  return {
    http: httpConfigFrom(raw, 3003),
    db: dbConfigFrom(raw, 'consolidated_db'),
    amqp: amqpConfigFrom(raw),
    redis: redisConfigFrom(raw, 'consolidated'),
    jwt: jwtConfigFrom(raw),
    cacheTtlSeconds: Number(raw.CACHE_TTL_SECONDS ?? '60'),
  };
}
