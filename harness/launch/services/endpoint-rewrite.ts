import type { Logger } from 'pino';

/** A host and port on this machine. */
export interface LocalEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Maps an endpoint as a service's configuration names it (a compose hostname such as
 * `postgres`, or an emulated AWS endpoint such as `db.abc.us-east-1.rds.amazonaws.com`) to the
 * server that really answers for it here. `port` is undefined when the value names no port
 * (a bare hostname); returns undefined for endpoints it does not know.
 */
export type EndpointResolver = (host: string, port: number | undefined) => LocalEndpoint | undefined;

/** One rewritten value, described without the value itself (which may hold credentials). */
export interface EndpointMapping {
  readonly variable: string;
  readonly from: string;
  readonly to: string;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'postgres:': 5432,
  'postgresql:': 5432,
  'amqp:': 5672,
  'amqps:': 5671,
  'redis:': 6379,
  'rediss:': 6379,
  'http:': 80,
  'https:': 443,
};

const HOST_PORT = /^([A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})$/;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

/**
 * Rewrites the endpoints in a service's environment to the local servers that stand in for
 * them, and returns each mapping (logged at info). Three shapes are recognised:
 * - URLs (`postgres://u:p@postgres:5432/db`): host and port replaced with `URL`, the rest kept;
 * - `host:port` values (`auth:3001`);
 * - a bare host in `X_HOST` together with its `X_PORT` sibling (`DB_HOST` + `DB_PORT`), both rewritten.
 * Values that name no known endpoint are left alone.
 */
export function rewriteEndpoints(
  env: Readonly<Record<string, string>>,
  resolve: EndpointResolver,
  logger?: Logger,
): { environment: Record<string, string>; mappings: EndpointMapping[] } {
  const environment = { ...env };
  const mappings: EndpointMapping[] = [];
  const record = (variable: string, from: string, to: LocalEndpoint): void => {
    const mapping = { variable, from, to: `${to.host}:${to.port}` };
    mappings.push(mapping);
    logger?.info(mapping, 'endpoint mapped');
  };
  for (const [name, value] of Object.entries(env)) {
    if (value.includes('://')) {
      const rewritten = rewriteUrl(value, resolve);
      if (rewritten !== undefined) {
        environment[name] = rewritten.value;
        record(name, rewritten.from, rewritten.to);
      }
      continue;
    }
    const hostPort = HOST_PORT.exec(value);
    if (hostPort !== null) {
      const to = resolve(hostPort[1]!, Number(hostPort[2]));
      if (to !== undefined) {
        environment[name] = `${to.host}:${to.port}`;
        record(name, value, to);
      }
      continue;
    }
    if (name.endsWith('_HOST') && HOSTNAME.test(value)) {
      const portName = `${name.slice(0, -'_HOST'.length)}_PORT`;
      const portValue = env[portName];
      const port = portValue !== undefined && /^\d+$/.test(portValue) ? Number(portValue) : undefined;
      const to = resolve(value, port);
      if (to === undefined) continue;
      environment[name] = to.host;
      // The sibling port is rewritten even when it was absent: the local server rarely listens on the default.
      environment[portName] = String(to.port);
      record(`${name}+${portName}`, port === undefined ? value : `${value}:${port}`, to);
    }
  }
  return { environment, mappings };
}

function rewriteUrl(
  value: string,
  resolve: EndpointResolver,
): { value: string; from: string; to: LocalEndpoint } | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.hostname === '') return undefined;
  const explicitPort = url.port === '' ? undefined : Number(url.port);
  const port = explicitPort ?? DEFAULT_PORTS[url.protocol];
  const to = resolve(url.hostname, port);
  if (to === undefined) return undefined;
  const from = `${url.hostname}:${port ?? ''}`;
  url.hostname = to.host;
  url.port = String(to.port);
  return { value: url.toString(), from, to };
}

/**
 * A resolver from a fixed table: keys are `host:port` (exact) or `host` (any port), e.g.
 * `{ 'rabbitmq:5672': amqp, 'rabbitmq:15672': management, postgres: pg }`.
 */
export function tableResolver(table: Readonly<Record<string, LocalEndpoint>>): EndpointResolver {
  return (host, port) => (port === undefined ? undefined : table[`${host}:${port}`]) ?? table[host];
}

/** Tries resolvers in order; the first that knows the endpoint wins. */
export function firstResolver(...resolvers: EndpointResolver[]): EndpointResolver {
  return (host, port) => {
    for (const resolve of resolvers) {
      const found = resolve(host, port);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}
