import { HarnessError } from '../../core/harness-error.ts';
import type { BackingServerProvider, BackingServerRequest } from '../backing-server-provider.ts';
import type { Flavour, ServerKind, StartedPostgres, StartedRabbitMq, StartedRedis } from '../backing-server.ts';
import { ExternalServer } from './external-server.ts';

const VARIABLES: Record<ServerKind, string> = { postgres: 'DATABASE_URL', rabbitmq: 'AMQP_URL', redis: 'REDIS_URL' };

/**
 * The variable holding a server's URL. The managed flavour first looks at `MANAGED_<NAME>` so that
 * one environment can describe both profiles; both fall back to the plain name.
 */
export function externalUrl(kind: ServerKind, flavour: Flavour, env: NodeJS.ProcessEnv): URL {
  const base = VARIABLES[kind];
  const names = flavour === 'managed' ? [`MANAGED_${base}`, base] : [base];
  const name = names.find((n) => env[n]);
  if (!name) {
    throw new HarnessError(
      'ENV_MISSING',
      `--provider external needs ${names.join(' or ')} for ${kind} (${flavour}); it is not set`,
    );
  }
  try {
    return new URL(env[name] ?? '');
  } catch {
    throw new HarnessError('ENV_INVALID', `${name} is not a valid URL`);
  }
}

/** Uses servers someone else runs, named by DATABASE_URL, AMQP_URL and REDIS_URL. */
export class ExternalProvider implements BackingServerProvider {
  readonly name = 'external' as const;

  async startPostgres(request: BackingServerRequest): Promise<StartedPostgres> {
    return this.server('postgres', request);
  }

  async startRabbitMq(request: BackingServerRequest): Promise<StartedRabbitMq> {
    return this.server('rabbitmq', request);
  }

  async startRedis(request: BackingServerRequest): Promise<StartedRedis> {
    return this.server('redis', request);
  }

  private server(kind: ServerKind, request: BackingServerRequest): ExternalServer {
    const url = externalUrl(kind, request.flavour, request.env);
    return new ExternalServer(kind, request.flavour, url, {
      caFile: request.env.NODE_EXTRA_CA_CERTS,
      authToken: kind === 'redis' ? request.env.REDIS_AUTH_TOKEN : undefined,
    });
  }
}
