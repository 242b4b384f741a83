import type { Logger } from 'pino';
import type { EndpointResolver, LocalEndpoint } from './endpoint-rewrite.ts';
import { tableResolver } from './endpoint-rewrite.ts';

/** An emulated managed endpoint as the deploy layer reports it (see harness/deploy). */
export interface EmulatedEndpointFact {
  readonly kind: 'rds' | 'mq' | 'elasticache';
  readonly host: string;
  readonly port: number;
}

/** What the launcher needs from a deploy: the stack outputs, the emulated endpoints and, if given, the deploy layer's binding. */
export interface DeployFacts {
  readonly outputs: Readonly<Record<string, string>>;
  readonly endpoints: readonly EmulatedEndpointFact[];
  readonly resolveBinding?: EndpointResolver;
  /** ARNs of the CloudFront Functions the deploy created (moto keeps no record of them). */
  readonly cloudFrontFunctions: readonly string[];
}

/**
 * Reads the deploy step's entry in `state.extensions.deploy`: either the deploy result itself
 * (`{ outputs, endpoints }`, as written to `.harness/deploy.json`) or the deploy step's
 * `{ result, resolve }` (harness/deploy/deploy-up-step.ts), whose resolver binds the endpoints.
 */
export function deployFactsFrom(extension: unknown): DeployFacts {
  if (extension === null || typeof extension !== 'object') {
    throw new Error('launch: the aws profile needs the deploy step to run first (no deploy result in the stack state)');
  }
  const wrapper = extension as { result?: unknown; resolveBinding?: unknown; resolve?: unknown };
  const binding = wrapper.resolveBinding ?? wrapper.resolve;
  const result = (wrapper.result ?? extension) as {
    outputs?: unknown;
    endpoints?: unknown;
    resources?: Array<{ logicalId?: string; type?: string; arn?: string }>;
    emulator?: { accountId?: string };
  };
  if (result.outputs === null || typeof result.outputs !== 'object') {
    throw new Error('launch: the deploy result has no stack outputs');
  }
  return {
    outputs: result.outputs as Record<string, string>,
    endpoints: Array.isArray(result.endpoints) ? (result.endpoints as EmulatedEndpointFact[]) : [],
    cloudFrontFunctions: (result.resources ?? [])
      .filter((resource) => resource.type === 'AWS::CloudFront::Function')
      .map(
        (resource) =>
          resource.arn ??
          `arn:aws:cloudfront::${result.emulator?.accountId ?? '123456789012'}:function/${resource.logicalId}`,
      ),
    ...(typeof binding === 'function' ? { resolveBinding: binding as EndpointResolver } : {}),
  };
}

/** The managed servers that emulated endpoints bind to. */
export interface ManagedServers {
  readonly postgres: { getHost(): string; getPort(): number };
  readonly rabbitmq: { getHost(): string; getPort(): number };
  readonly redis: { getHost(): string; getPort(): number };
}

/**
 * A binding built from the deploy's endpoint list when the deploy layer gives no resolver of
 * its own: RDS -> the managed PostgreSQL, Amazon MQ -> the managed RabbitMQ's AMQPS port,
 * ElastiCache -> the managed Redis's TLS port. Each binding is logged once.
 */
export function bindingFromDeploy(
  endpoints: readonly EmulatedEndpointFact[],
  servers: ManagedServers,
  logger: Logger,
): EndpointResolver {
  const byKind = { rds: servers.postgres, mq: servers.rabbitmq, elasticache: servers.redis } as const;
  const table: Record<string, LocalEndpoint> = {};
  for (const endpoint of endpoints) {
    const server = byKind[endpoint.kind];
    const to = { host: server.getHost(), port: server.getPort() };
    table[`${endpoint.host}:${endpoint.port}`] = to;
    table[endpoint.host] = to;
    logger.info(
      { kind: endpoint.kind, from: `${endpoint.host}:${endpoint.port}`, to: `${to.host}:${to.port}` },
      'emulated endpoint bound',
    );
  }
  return tableResolver(table);
}
