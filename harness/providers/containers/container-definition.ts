import type { Flavour, ServerKind } from '../backing-server.ts';

/** Pinned images: never `latest`, so a run is reproducible. */
export const IMAGES = {
  postgres: 'postgres:15.10-alpine',
  rabbitmq: 'rabbitmq:3.13.7-management-alpine',
  redis: 'redis:7.0.15-alpine',
  moto: 'motoserver/moto:5.2.1',
  /** The last LocalStack tag that starts without LOCALSTACK_AUTH_TOKEN. */
  localstack: 'localstack/localstack:4.14.0',
} as const;

/** How a container tells it is ready. */
export type ContainerWait =
  | { readonly kind: 'log'; readonly message: string; readonly times: number }
  | { readonly kind: 'http'; readonly path: string; readonly port: number }
  | { readonly kind: 'port' };

/** A file copied into the container before it starts (TLS material, config). */
export interface ContainerFile {
  readonly target: string;
  readonly content: string;
  readonly mode?: number;
}

/**
 * Everything a container needs, as plain data: unit tests assert on it without a Docker engine, and
 * `build-container.ts` turns it into a testcontainers object.
 */
export interface ContainerDefinition {
  readonly kind: ServerKind | 'moto' | 'localstack';
  readonly flavour: Flavour;
  readonly image: string;
  /** Container port -> host port; fixed host ports keep a restarted container's address. */
  readonly ports: readonly { readonly container: number; readonly host: number }[];
  readonly env: Readonly<Record<string, string>>;
  readonly command?: readonly string[];
  readonly files: readonly ContainerFile[];
  readonly wait: ContainerWait;
  readonly startupTimeoutMs: number;
  readonly user?: string;
}

/** TLS material as file contents (containers get copies, not paths on the host). */
export interface TlsContents {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}
