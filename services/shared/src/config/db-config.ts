import Type, { type Static, type TObject } from 'typebox';
import { ConfigError } from './config-error.ts';

/** How a service reaches its PostgreSQL database. */
export interface DbConfig {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string | undefined;
  /** `disable`: plain TCP; `require`: TLS without verification; `verify-full`: TLS, CA and host name checked. */
  readonly sslMode: SslMode;
  /** CA bundle file for `verify-full`; when unset the system store and `NODE_EXTRA_CA_CERTS` apply. */
  readonly sslRootCert: string | undefined;
}

export type SslMode = 'disable' | 'require' | 'verify-full';

const sslModes = ['disable', 'require', 'verify-full'] as const;

/** The environment variables behind {@link DbConfig}. */
export const dbEnv = {
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// or postgresql:// URL' }),
  ),
  DB_HOST: Type.Optional(Type.String({ description: 'a host name' })),
  DB_PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'a port number' })),
  DB_NAME: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9_]{1,63}$', description: 'a database name ([A-Za-z0-9_])' }),
  ),
  DB_USERNAME: Type.Optional(Type.String({ description: 'a user name' })),
  DB_PASSWORD: Type.Optional(Type.String({ description: 'a password' })),
  DB_SSLMODE: Type.Optional(Type.Enum([...sslModes], { description: 'disable, require or verify-full' })),
  DB_SSL_ROOT_CERT: Type.Optional(Type.String({ description: 'a CA bundle file path' })),
};

type DbEnv = Static<TObject<typeof dbEnv>>;

/**
 * Builds {@link DbConfig} from `DATABASE_URL` when set, else from the `DB_*` parts.
 *
 * @param defaultDatabase the service's own logical database (`cashflow_db`, ...), used when none is named.
 * @throws ConfigError naming the variable when neither form gives a host, or the URL does not parse.
 */
export function dbConfigFrom(env: DbEnv, defaultDatabase: string): DbConfig {
  if (env.DATABASE_URL !== undefined) return fromUrl(env.DATABASE_URL, env, defaultDatabase);
  if (env.DB_HOST === undefined) {
    throw new ConfigError(['DB_HOST'], ['DB_HOST is required when DATABASE_URL is not set']);
  }
  const port = Number(env.DB_PORT ?? '5432');
  if (port < 1 || port > 65535) throw new ConfigError(['DB_PORT'], ['DB_PORT is malformed: expected a port number']);
  return {
    host: env.DB_HOST,
    port,
    database: env.DB_NAME ?? defaultDatabase,
    user: env.DB_USERNAME ?? 'postgres',
    password: env.DB_PASSWORD,
    sslMode: env.DB_SSLMODE ?? 'disable',
    sslRootCert: env.DB_SSL_ROOT_CERT,
  };
}

function fromUrl(raw: string, env: DbEnv, defaultDatabase: string): DbConfig {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(['DATABASE_URL'], ['DATABASE_URL is malformed: expected a postgres:// URL']);
  }
  if (url.hostname === '') throw new ConfigError(['DATABASE_URL'], ['DATABASE_URL is malformed: it names no host']);
  const sslParam = url.searchParams.get('sslmode');
  if (sslParam !== null && !(sslModes as readonly string[]).includes(sslParam)) {
    throw new ConfigError(
      ['DATABASE_URL'],
      ['DATABASE_URL is malformed: sslmode must be disable, require or verify-full'],
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 5432 : Number(url.port),
    database: database === '' ? defaultDatabase : database,
    user: url.username === '' ? (env.DB_USERNAME ?? 'postgres') : decodeURIComponent(url.username),
    password: url.password === '' ? env.DB_PASSWORD : decodeURIComponent(url.password),
    sslMode: (sslParam as SslMode | null) ?? env.DB_SSLMODE ?? 'disable',
    sslRootCert: url.searchParams.get('sslrootcert') ?? env.DB_SSL_ROOT_CERT,
  };
}
