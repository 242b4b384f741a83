import type { Logger } from 'pino';
import type { DeployResult, EmulatedEndpoint } from './deploy-stack.ts';

/** The backing servers that stand in for the managed services; any object with host and port will do. */
export interface ManagedServers {
  readonly postgres: { getHost(): string; getPort(): number };
  readonly rabbitmq: { getHost(): string; getPort(): number };
  readonly redis: { getHost(): string; getPort(): number };
}

/** One emulated endpoint and the server that really answers for it. */
export interface EndpointBinding {
  readonly kind: EmulatedEndpoint['kind'];
  readonly logicalId: string;
  /** `host:port` as the stack outputs and task definitions name it. */
  readonly emulated: string;
  /** `host:port` of the managed-flavour backing server. */
  readonly actual: string;
}

const SERVER_FOR: Record<EmulatedEndpoint['kind'], keyof ManagedServers> = {
  rds: 'postgres',
  mq: 'rabbitmq',
  elasticache: 'redis',
};

/**
 * Maps each emulated RDS, Amazon MQ and ElastiCache endpoint of a deploy to its managed-flavour
 * backing server. The mapping is explicit and logged; nothing is matched by guessing hostnames.
 */
export function bindEndpoints(
  deploy: Pick<DeployResult, 'endpoints'>,
  servers: ManagedServers,
  log?: Logger,
): EndpointBinding[] {
  return deploy.endpoints.map((endpoint) => {
    const server = servers[SERVER_FOR[endpoint.kind]];
    const binding = {
      kind: endpoint.kind,
      logicalId: endpoint.logicalId,
      emulated: `${endpoint.host}:${endpoint.port}`,
      actual: `${server.getHost()}:${server.getPort()}`,
    };
    log?.info(binding, 'emulated endpoint bound');
    return binding;
  });
}

/** A host and port on this machine. */
export interface BoundEndpoint {
  readonly host: string;
  readonly port: number;
}

function split(hostPort: string): BoundEndpoint {
  const colon = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)) };
}

/**
 * A resolver from an emulated `host` (and port, when the value names one) to the real server,
 * or `undefined` for endpoints no binding covers. Hostnames compare case-insensitively, as DNS does.
 */
export function createEndpointResolver(
  bindings: readonly EndpointBinding[],
): (host: string, port: number | undefined) => BoundEndpoint | undefined {
  const table = bindings.map((binding) => ({ emulated: split(binding.emulated), actual: split(binding.actual) }));
  return (host, port) => {
    const wanted = host.toLowerCase();
    const match = table.find(
      (entry) => entry.emulated.host.toLowerCase() === wanted && (port === undefined || entry.emulated.port === port),
    );
    return match?.actual;
  };
}

/**
 * Rewrites a URL (`amqps://user:pass@b-1.mq...:5671/vhost`, `rediss://...`) or a bare `host:port`
 * to the real server, keeping scheme, credentials, path and query. Returns it unchanged when no
 * binding covers it.
 */
export function resolveEmulatedAddress(bindings: readonly EndpointBinding[], address: string): string {
  const resolve = createEndpointResolver(bindings);
  if (!address.includes('://')) {
    const { host, port } = split(address);
    const actual = Number.isInteger(port) ? resolve(host, port) : resolve(address, undefined);
    return actual ? `${actual.host}:${actual.port}` : address;
  }
  const url = new URL(address);
  const actual = resolve(url.hostname, url.port === '' ? undefined : Number(url.port));
  if (!actual) return address;
  url.hostname = actual.host;
  url.port = String(actual.port);
  return url.toString();
}
