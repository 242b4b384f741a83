/** Where the backing servers of a Docker-less run are: base URLs replacing compose's hostnames. */
export interface BackingServerUrls {
  /** `postgres://user[:pass]@host:port[?params]`; each service keeps its own database name. */
  readonly postgres: URL;
  /** `amqp[s]://user:pass@host:port[/vhost]`, used as the services' `AMQP_URL` as is. */
  readonly amqp: URL;
  /** `redis[s]://host:port[/db]`, used as the services' `REDIS_URL` as is. */
  readonly redis: URL;
}

/** Environment variables that override the default backing-server URLs of `npm run dev`. */
export const BACKING_URL_VARIABLES = {
  postgres: 'DEV_POSTGRES_URL',
  amqp: 'DEV_AMQP_URL',
  redis: 'DEV_REDIS_URL',
} as const;

const DEFAULT_BACKING_URLS: Record<keyof BackingServerUrls, string> = {
  postgres: 'postgres://postgres@127.0.0.1:5432',
  amqp: 'amqp://guest:guest@127.0.0.1:5672',
  redis: 'redis://127.0.0.1:6379',
};

/**
 * The machine's standard-port servers, or the URLs given in `DEV_POSTGRES_URL`, `DEV_AMQP_URL`,
 * `DEV_REDIS_URL`.
 * @throws Error naming the variable when a URL does not parse or has the wrong scheme.
 */
export function backingServerUrls(env: Readonly<Record<string, string | undefined>>): BackingServerUrls {
  const read = (kind: keyof BackingServerUrls, schemes: string[]): URL => {
    const variable = BACKING_URL_VARIABLES[kind];
    const raw = env[variable] || DEFAULT_BACKING_URLS[kind];
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`${variable} is not a URL (expected e.g. ${DEFAULT_BACKING_URLS[kind]})`);
    }
    if (!schemes.includes(url.protocol)) {
      throw new Error(`${variable} must start with ${schemes.map((s) => `${s}//`).join(' or ')}`);
    }
    return url;
  };
  return {
    postgres: read('postgres', ['postgres:', 'postgresql:']),
    amqp: read('amqp', ['amqp:', 'amqps:']),
    redis: read('redis', ['redis:', 'rediss:']),
  };
}

/** How one service's compose environment becomes its environment on this machine. */
export interface LocalizeOptions {
  readonly backing: BackingServerUrls;
  /** Prepended to the database name of `DATABASE_URL`, so a run can own its databases. @default '' */
  readonly databasePrefix?: string;
  /** `host:port` of each compose service as reachable here, e.g. `{ auth: '127.0.0.1:40123' }`. */
  readonly serviceAddresses?: Readonly<Record<string, string>>;
}

/**
 * Rewrites the connection values of a compose environment for a run without Docker: the
 * compose hostnames (`postgres`, `rabbitmq`, `redis`, and `<service>:<port>` upstreams) become
 * the local addresses. Every other variable is passed through untouched, so the run exercises
 * the compose configuration and nothing else.
 */
export function localizeEnvironment(
  environment: Readonly<Record<string, string>>,
  options: LocalizeOptions,
): Record<string, string> {
  const local: Record<string, string> = { ...environment };
  if (environment.DATABASE_URL !== undefined) {
    local.DATABASE_URL = localDatabaseUrl(environment.DATABASE_URL, options.backing.postgres, options.databasePrefix);
  }
  if (environment.AMQP_URL !== undefined) local.AMQP_URL = options.backing.amqp.href;
  if (environment.REDIS_URL !== undefined) local.REDIS_URL = options.backing.redis.href;
  for (const [name, value] of Object.entries(environment)) {
    const upstream = /^([a-z][a-z0-9_-]*):(\d+)$/.exec(value);
    const address = upstream ? options.serviceAddresses?.[upstream[1]!] : undefined;
    if (address !== undefined) local[name] = address;
  }
  return local;
}

function localDatabaseUrl(composeUrl: string, base: URL, prefix = ''): string {
  const database = decodeURIComponent(new URL(composeUrl).pathname.replace(/^\//, ''));
  const url = new URL(base.href);
  url.pathname = `/${encodeURIComponent(`${prefix}${database}`)}`;
  for (const [key, value] of new URL(composeUrl).searchParams) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return url.href;
}
