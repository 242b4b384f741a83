import { HarnessError } from '../../core/harness-error.ts';
import type {
  Credentials,
  Flavour,
  ServerKind,
  StartedPostgres,
  StartedRabbitMq,
  StartedRedis,
  StoppedBackingServer,
} from '../backing-server.ts';
import { LOGICAL_DATABASES } from '../backing-server.ts';

/**
 * A server someone else runs, known only by its URL. The harness cannot stop, kill or restart it,
 * and says so instead of pretending.
 */
export class ExternalServer implements StartedPostgres, StartedRabbitMq, StartedRedis {
  declare readonly kind: never;
  readonly flavour: Flavour;
  readonly name: string;
  private readonly url: URL;
  private readonly caFile: string | undefined;
  private readonly authToken: string | undefined;

  constructor(kind: ServerKind, flavour: Flavour, url: URL, options: { caFile?: string; authToken?: string } = {}) {
    (this as { kind: ServerKind }).kind = kind;
    this.flavour = flavour;
    this.name = `${kind} (${flavour}, external)`;
    this.url = url;
    this.caFile = options.caFile;
    this.authToken = options.authToken ?? (url.password ? decodeURIComponent(url.password) : undefined);
  }

  getHost(): string {
    return this.url.hostname;
  }

  getPort(): number {
    const defaults: Record<string, number> = { 'postgres:': 5432, 'postgresql:': 5432, 'amqp:': 5672, 'amqps:': 5671 };
    return Number(this.url.port || defaults[this.url.protocol] || 6379);
  }

  getConnectionUri(): string {
    return this.url.href;
  }

  getDatabaseUri(database: string): string {
    const url = new URL(this.url.href);
    url.pathname = `/${database}`;
    return url.href;
  }

  getDatabases(): readonly string[] {
    return LOGICAL_DATABASES;
  }

  getManagementUri(): string {
    return '';
  }

  getAuthToken(): string | undefined {
    return this.authToken;
  }

  getCredentials(): Credentials {
    return {
      username: this.url.username ? decodeURIComponent(this.url.username) : undefined,
      password: this.url.password ? decodeURIComponent(this.url.password) : undefined,
    };
  }

  getCaFile(): string | undefined {
    return this.caFile;
  }

  usesTls(): boolean {
    return ['amqps:', 'rediss:'].includes(this.url.protocol) || /sslmode=(require|verify)/.test(this.url.search);
  }

  isRunning(): boolean {
    return true;
  }

  logTail(): string {
    return '';
  }

  private notControlled(): never {
    throw new HarnessError('STATE_INVALID', `${this.name} is not started by the harness and cannot be stopped`);
  }

  async stop(): Promise<StoppedBackingServer<this>> {
    this.notControlled();
  }

  async kill(): Promise<StoppedBackingServer<this>> {
    this.notControlled();
  }

  async restart(): Promise<void> {
    this.notControlled();
  }

  async [Symbol.asyncDispose](): Promise<void> {}
}
