import Type, { type Static, type TObject } from 'typebox';
import { ConfigError } from './config-error.ts';

/** One HS256 key and the `kid` it is known by. */
export interface JwtKey {
  readonly kid: string;
  /** A secret; never log it. */
  readonly secret: Uint8Array;
}

/** Token issuing and verification settings. */
export interface JwtConfig {
  /** The key tokens are signed with, accepted first. */
  readonly current: JwtKey;
  /** A second accepted key while keys rotate. */
  readonly previous: JwtKey | undefined;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
}

const keyDescription = 'a signing key of at least 32 characters';

/** The environment variables behind {@link JwtConfig}. */
export const jwtEnv = {
  JWT_SIGNING_KEY: Type.String({ minLength: 32, description: keyDescription }),
  JWT_KEY_ID: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'a key id ([A-Za-z0-9._-])' }),
  ),
  JWT_PREVIOUS_SIGNING_KEY: Type.Optional(Type.String({ minLength: 32, description: keyDescription })),
  JWT_PREVIOUS_KEY_ID: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$', description: 'a key id ([A-Za-z0-9._-])' }),
  ),
  JWT_ISSUER: Type.Optional(Type.String({ description: 'an issuer name' })),
  JWT_AUDIENCE: Type.Optional(Type.String({ description: 'an audience name' })),
  JWT_TTL_SECONDS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'seconds, 1-999999' })),
};

type JwtEnv = Static<TObject<typeof jwtEnv>>;

/** Builds {@link JwtConfig}; a previous key needs its own id, distinct from the current one. */
export function jwtConfigFrom(env: JwtEnv): JwtConfig {
  const encoder = new TextEncoder();
  const currentKid = env.JWT_KEY_ID ?? 'k1';
  let previous: JwtKey | undefined;
  if (env.JWT_PREVIOUS_SIGNING_KEY !== undefined) {
    const kid = env.JWT_PREVIOUS_KEY_ID;
    if (kid === undefined || kid === currentKid) {
      throw new ConfigError(
        ['JWT_PREVIOUS_KEY_ID'],
        ['JWT_PREVIOUS_KEY_ID is required with JWT_PREVIOUS_SIGNING_KEY and must differ from JWT_KEY_ID'],
      );
    }
    previous = { kid, secret: encoder.encode(env.JWT_PREVIOUS_SIGNING_KEY) };
  }
  return {
    current: { kid: currentKid, secret: encoder.encode(env.JWT_SIGNING_KEY) },
    previous,
    issuer: env.JWT_ISSUER ?? 'cashflow-auth',
    audience: env.JWT_AUDIENCE ?? 'cashflow',
    ttlSeconds: Number(env.JWT_TTL_SECONDS ?? '900'),
  };
}
