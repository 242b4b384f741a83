import Type, { type Static, type TObject } from 'typebox';
import { ConfigError } from './config-error.ts';

/** How a service reaches Redis (a cache and a fast idempotency path, never the source of truth). */
export interface RedisConfig {
  readonly url: string;
  /** ElastiCache AUTH token; a secret. */
  readonly authToken: string | undefined;
  /** Prepended to every key, so services (and test files) sharing one Redis never collide. */
  readonly keyPrefix: string;
}

/** The environment variables behind {@link RedisConfig}. */
export const redisEnv = {
  REDIS_URL: Type.String({ pattern: '^rediss?://', description: 'a redis:// or rediss:// URL' }),
  REDIS_AUTH_TOKEN: Type.Optional(Type.String({ description: 'an AUTH token' })),
  REDIS_KEY_PREFIX: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9:_.-]{1,64}$', description: 'a key prefix' })),
};

type RedisEnv = Static<TObject<typeof redisEnv>>;

/** Builds {@link RedisConfig}; the key prefix defaults to `<service>:`. */
export function redisConfigFrom(env: RedisEnv, serviceName: string): RedisConfig {
  try {
    new URL(env.REDIS_URL);
  } catch {
    throw new ConfigError(['REDIS_URL'], ['REDIS_URL is malformed: expected a redis:// or rediss:// URL']);
  }
  return { url: env.REDIS_URL, authToken: env.REDIS_AUTH_TOKEN, keyPrefix: env.REDIS_KEY_PREFIX ?? `${serviceName}:` };
}
