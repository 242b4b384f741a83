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
import Type from 'typebox';

/** Everything the cashflow service reads from its environment. */
export interface CashflowConfig {
  readonly http: HttpConfig;
  readonly db: DbConfig;
  readonly amqp: AmqpConfig;
  readonly redis: RedisConfig;
  readonly jwt: JwtConfig;
  /** How often the relay looks for unpublished outbox rows written by other instances. */
  readonly outboxPollIntervalMs: number;
}

const schema = Type.Object({
  ...httpEnv,
  ...dbEnv,
  ...amqpEnv,
  ...redisEnv,
  ...jwtEnv,
  OUTBOX_POLL_INTERVAL_MS: Type.Optional(
    Type.String({ pattern: '^[1-9][0-9]{1,5}$', description: 'milliseconds, 10-999999' }),
  ),
});

/**
 * Parses the cashflow service's configuration.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadCashflowConfig(env: NodeJS.ProcessEnv = process.env): CashflowConfig {
  const raw = readEnv(schema, env);
  return {
    http: httpConfigFrom(raw, 3002),
    db: dbConfigFrom(raw, 'cashflow_db'),
    amqp: amqpConfigFrom(raw),
    redis: redisConfigFrom(raw, 'cashflow'),
    jwt: jwtConfigFrom(raw),
    outboxPollIntervalMs: Number(raw.OUTBOX_POLL_INTERVAL_MS ?? '500'),
  };
}
