/**
 * `compose`: what docker-compose gives (plain TCP, compose's well-known credentials).
 * `managed`: what AWS gives (TLS only, generated credentials, no default superuser or guest).
 */
export type Flavour = 'compose' | 'managed';

export type ServerKind = 'postgres' | 'rabbitmq' | 'redis';

/** The login a client uses; the password is a secret: never log it. */
export interface Credentials {
  readonly username?: string;
  readonly password?: string;
}

/** A server that was stopped (or killed) and keeps its data and ports for the next start. */
export interface StoppedBackingServer<T> {
  /** Starts it again on the same ports with the same data; resolves with the same handle. */
  start(): Promise<T>;
  /** Deletes its data; the handle cannot start again. */
  remove(): Promise<void>;
}

/** A running backing server, whichever provider started it. */
export interface StartedBackingServer extends AsyncDisposable {
  readonly kind: ServerKind;
  readonly flavour: Flavour;
  /** e.g. `postgres (managed)`, for messages. */
  readonly name: string;
  getHost(): string;
  getPort(): number;
  /** A URI with credentials (and TLS parameters) that a client library accepts as is. */
  getConnectionUri(): string;
  getCredentials(): Credentials;
  /** The CA file that signs its TLS certificate, when it speaks TLS. */
  getCaFile(): string | undefined;
  usesTls(): boolean;
  isRunning(): boolean;
  /** Graceful stop (SIGTERM, then SIGKILL after a deadline); data and ports are kept. */
  stop(): Promise<StoppedBackingServer<this>>;
  /** SIGKILL, for fault injection; data and ports are kept. */
  kill(): Promise<StoppedBackingServer<this>>;
  /** Stop then start on the same ports with the same data; the handle stays valid. */
  restart(): Promise<void>;
  /** The last lines of the server's own log (empty when the provider has none). */
  logTail(lines?: number): string;
}

/** PostgreSQL with the three logical databases created. */
export interface StartedPostgres extends StartedBackingServer {
  readonly kind: 'postgres';
  /** The URI of one database (the connection URI points at the `postgres` maintenance database). */
  getDatabaseUri(database: string): string;
  getDatabases(): readonly string[];
}

/** RabbitMQ with the management plugin. */
export interface StartedRabbitMq extends StartedBackingServer {
  readonly kind: 'rabbitmq';
  /** `http(s)://host:port/` of the management API, without credentials. */
  getManagementUri(): string;
}

/** Redis; the managed flavour needs its AUTH token. */
export interface StartedRedis extends StartedBackingServer {
  readonly kind: 'redis';
  getAuthToken(): string | undefined;
}

/** The logical databases every PostgreSQL the harness starts gets (see docs/configuration.md). */
export const LOGICAL_DATABASES = ['auth_db', 'cashflow_db', 'consolidated_db'] as const;
