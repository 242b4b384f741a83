import type { CertificateAuthority } from '../tls/certificate-authority.ts';
import type { Flavour, StartedPostgres, StartedRabbitMq, StartedRedis } from './backing-server.ts';

/** Where backing servers come from. */
export type ProviderName = 'native' | 'containers' | 'external';

/** What a provider needs to start one server. */
export interface BackingServerRequest {
  readonly flavour: Flavour;
  readonly runId: string;
  readonly runDir: string;
  /** The run's CA; the managed flavour's TLS certificates come from it. */
  readonly ca: CertificateAuthority;
  readonly env: NodeJS.ProcessEnv;
}

/** One strategy for running PostgreSQL, RabbitMQ and Redis. */
export interface BackingServerProvider {
  readonly name: ProviderName;
  startPostgres(request: BackingServerRequest): Promise<StartedPostgres>;
  startRabbitMq(request: BackingServerRequest): Promise<StartedRabbitMq>;
  startRedis(request: BackingServerRequest): Promise<StartedRedis>;
}
