import type { ComposeLaunchContext } from '../../harness/launch/index.ts';

/**
 * Where the backing servers of `npm run dev` listen: they stand in for compose's `postgres`,
 * `rabbitmq` and `redis` containers. Only the address is taken from each URL, plus the
 * PostgreSQL password (see {@link composeWiring}); everything else about the connection is
 * docker-compose.yml's, so a URL asking for something else is refused rather than ignored.
 */
export interface BackingServerUrls {
  /** `postgres://[postgres[:password]@]host:port[/db]`; a database name is ignored (each service keeps its own). */
  readonly postgres: URL;
  /** `amqp://host:port`. */
  readonly amqp: URL;
  /** `redis://host:port`. */
  readonly redis: URL;
}

/** Environment variables that override the default backing-server URLs of `npm run dev`. */
const BACKING_URL_VARIABLES = {
  postgres: 'DEV_POSTGRES_URL',
  amqp: 'DEV_AMQP_URL',
  redis: 'DEV_REDIS_URL',
} as const;

const DEFAULT_BACKING_URLS: Record<keyof BackingServerUrls, string> = {
  postgres: 'postgres://postgres@127.0.0.1:5432',
  amqp: 'amqp://127.0.0.1:5672',
  redis: 'redis://127.0.0.1:6379',
};

const DEFAULT_PORTS: Record<keyof BackingServerUrls, number> = { postgres: 5432, amqp: 5672, redis: 6379 };

/** Plain schemes only: compose's URLs name no TLS, and rewriting a URL keeps its scheme. */
const SCHEMES: Record<keyof BackingServerUrls, readonly string[]> = {
  postgres: ['postgres:', 'postgresql:'],
  amqp: ['amqp:'],
  redis: ['redis:'],
};

/** docker-compose.yml's DATABASE_URLs log in as this user, a literal there (the image's POSTGRES_USER). */
const COMPOSE_POSTGRES_USER = 'postgres';

/**
 * The machine's standard-port servers, or the URLs given in `DEV_POSTGRES_URL`, `DEV_AMQP_URL`,
 * `DEV_REDIS_URL`.
 * @throws Error naming the variable when a URL does not parse, has the wrong scheme, or asks for
 *   something docker-compose.yml's wiring cannot carry to the services (another user, TLS, a
 *   vhost, a Redis password or database, query parameters).
 */
export function backingServerUrls(env: Readonly<Record<string, string | undefined>>): BackingServerUrls {
  const read = (kind: keyof BackingServerUrls): URL => {
    const url = parseUrl(kind, env[BACKING_URL_VARIABLES[kind]] || DEFAULT_BACKING_URLS[kind]);
    refuseWhatComposeCannotCarry(kind, url);
    return url;
  };
  return { postgres: read('postgres'), amqp: read('amqp'), redis: read('redis') };
}

function parseUrl(kind: keyof BackingServerUrls, raw: string): URL {
  const variable = BACKING_URL_VARIABLES[kind];
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // Reported below with an example.
  }
  if (url === undefined || url.hostname === '') {
    throw new Error(`${variable} is not a URL with a host (expected e.g. ${DEFAULT_BACKING_URLS[kind]})`);
  }
  const schemes = SCHEMES[kind];
  if (!schemes.includes(url.protocol)) {
    throw new Error(
      `${variable} must start with ${schemes.map((s) => `${s}//`).join(' or ')} (docker-compose.yml's services connect without TLS)`,
    );
  }
  return url;
}

/** Only the address (and the PostgreSQL password) is used: anything else would be silently lost. */
function refuseWhatComposeCannotCarry(kind: keyof BackingServerUrls, url: URL): void {
  const refuse = (what: string): never => {
    throw new Error(
      `${BACKING_URL_VARIABLES[kind]}: ${what} cannot reach the services, which connect as docker-compose.yml says`,
    );
  };
  if (url.search !== '') refuse('query parameters');
  if (kind === 'postgres') {
    if (url.username !== '' && url.username !== COMPOSE_POSTGRES_USER) {
      refuse(`the user ${JSON.stringify(decodeURIComponent(url.username))} (it logs in as ${COMPOSE_POSTGRES_USER})`);
    }
    return;
  }
  if (url.username !== '' || url.password !== '') refuse('a user or password');
  if (url.pathname !== '' && url.pathname !== '/') refuse(kind === 'amqp' ? 'a vhost' : 'a database number');
}

/** What `launchComposeProfile` needs to run compose's wiring against these servers. */
export type ComposeWiring = Pick<ComposeLaunchContext, 'backing' | 'interpolationEnv'>;

/**
 * The backing servers as the compose launcher takes them (each stands in for its compose
 * hostname), and the variables compose's interpolation sees: the caller's environment, with
 * `POSTGRES_PASSWORD` taken from `DEV_POSTGRES_URL` when that URL has a password. That is the
 * variable docker-compose.yml builds every DATABASE_URL from, so the password reaches the
 * services exactly as `POSTGRES_PASSWORD=... docker compose up` would carry it. (It is kept
 * percent-encoded, as the URL holds it, because compose pastes it into a URL.)
 */
export function composeWiring(
  urls: BackingServerUrls,
  env: Readonly<Record<string, string | undefined>>,
): Required<ComposeWiring> {
  const listening = (kind: keyof BackingServerUrls) => {
    const url = urls[kind];
    const port = url.port === '' ? DEFAULT_PORTS[kind] : Number(url.port);
    return { getHost: () => url.hostname, getPort: () => port };
  };
  const password = urls.postgres.password;
  return {
    backing: { postgres: listening('postgres'), rabbitmq: listening('amqp'), redis: listening('redis') },
    interpolationEnv: password === '' ? { ...env } : { ...env, POSTGRES_PASSWORD: password },
  };
}
