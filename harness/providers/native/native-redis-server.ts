import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { generatePassword } from '../../core/credentials.ts';
import { getFreePort } from '../../core/free-port.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { requireBinary } from '../../core/require-binary.ts';
import type { CertificateAuthority, CertificateFiles } from '../../tls/certificate-authority.ts';
import { Wait } from '../../wait/wait.ts';
import type { WaitStrategy } from '../../wait/wait-strategy.ts';
import type { Credentials, Flavour, StartedRedis } from '../backing-server.ts';
import { NativeServerBuilder } from './native-server-builder.ts';
import { makeServerDir, StartedNativeServer, type NativeServerLayout, type ServerCommand } from './native-server.ts';

/** How often Redis fsyncs its append-only file: `always` survives SIGKILL with every write. */
export type AppendFsync = 'always' | 'everysec' | 'no';

/** The redis.conf for one flavour; pure so the exact settings are unit-tested. */
export function redisConfig(options: {
  readonly flavour: Flavour;
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly appendFsync: AppendFsync;
  readonly authToken?: string;
  readonly tls?: CertificateFiles;
}): string {
  const lines = [
    `bind ${options.host}`,
    `dir ${options.dir}`,
    'daemonize no',
    'logfile ""',
    'save ""',
    'appendonly yes',
    `appendfsync ${options.appendFsync}`,
    // Keep the command line intact: stale-process cleanup recognises the server by it.
    'set-proc-title no',
  ];
  if (options.flavour === 'managed') {
    if (!options.tls || !options.authToken)
      throw new HarnessError('OPTION_INVALID', 'the managed Redis needs TLS and a token');
    lines.push(
      // TLS only, like ElastiCache with in-transit encryption: the plain port is off.
      'port 0',
      `tls-port ${options.port}`,
      `tls-cert-file ${options.tls.certFile}`,
      `tls-key-file ${options.tls.keyFile}`,
      `tls-ca-cert-file ${options.tls.caFile}`,
      'tls-auth-clients no',
      `requirepass ${options.authToken}`,
    );
  } else {
    lines.push(`port ${options.port}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A redis-server run from the machine's binary, persisting to an append-only file in its dir. */
export class RedisServer extends NativeServerBuilder {
  constructor() {
    super('RedisServer', 30_000);
  }

  private appendFsync: AppendFsync = 'everysec';

  /**
   * The append-only file's fsync policy.
   * @default 'everysec' (a SIGKILL may lose the last second; `always` loses nothing but is slower)
   */
  withAppendFsync(policy: AppendFsync): this {
    this.appendFsync = policy;
    return this;
  }

  async start(): Promise<StartedRedisServer> {
    this.requireOptions();
    const binary = requireBinary(['/usr/bin/redis-server', 'redis-server'], 'redis-server');
    const layout: NativeServerLayout = {
      kind: 'redis',
      flavour: this.flavour,
      runDir: this.runDir,
      dir: join(this.runDir, `redis-${this.flavour}`),
      host: '127.0.0.1',
      ports: [await getFreePort()],
      startupTimeoutMs: this.startupTimeoutMs,
    };
    const token = this.flavour === 'managed' ? generatePassword(32) : undefined;
    const server = new StartedRedisServer(layout, binary, token, this.appendFsync, this.ca);
    return server.initialize();
  }
}

/** A running Redis. */
export class StartedRedisServer extends StartedNativeServer implements StartedRedis {
  declare readonly kind: 'redis';
  private readonly binary: string;
  private readonly authToken: string | undefined;
  private readonly appendFsync: AppendFsync;
  private readonly ca: CertificateAuthority | undefined;

  constructor(
    layout: NativeServerLayout,
    binary: string,
    authToken: string | undefined,
    appendFsync: AppendFsync,
    ca?: CertificateAuthority,
  ) {
    super(layout);
    this.binary = binary;
    this.authToken = authToken;
    this.appendFsync = appendFsync;
    this.ca = ca;
  }

  private get configFile(): string {
    return join(this.layout.dir, 'redis.conf');
  }

  protected override async prepare(): Promise<void> {
    makeServerDir(this.layout.dir);
    const tls =
      this.flavour === 'managed' && this.ca
        ? this.ca.installServerCertificate(join(this.layout.dir, 'tls'))
        : undefined;
    writeFileSync(
      this.configFile,
      redisConfig({
        flavour: this.flavour,
        host: this.layout.host,
        port: this.getPort(),
        dir: this.layout.dir,
        appendFsync: this.appendFsync,
        authToken: this.authToken,
        tls,
      }),
      { mode: 0o600 },
    );
  }

  protected command(): ServerCommand {
    return {
      file: this.binary,
      args: [this.configFile],
      env: { PATH: process.env.PATH ?? '' },
    };
  }

  protected waitStrategy(): WaitStrategy {
    return Wait.forAll([
      Wait.forLogMessage('Ready to accept connections'),
      Wait.forProbe('PING with its credentials', async () => {
        const client = this.createClient({ lazyConnect: true });
        try {
          await client.connect();
          return (await client.ping()) === 'PONG';
        } finally {
          client.disconnect();
        }
      }),
    ]);
  }

  /** An ioredis client configured for this server (TLS with the run's CA and the token when managed). */
  createClient(extra: { lazyConnect?: boolean } = {}): Redis {
    const caFile = this.getCaFile();
    return new Redis({
      host: this.getHost(),
      port: this.getPort(),
      password: this.authToken,
      tls: caFile ? { ca: [readFileSync(caFile)], servername: 'localhost' } : undefined,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
      connectTimeout: 2_000,
      ...extra,
    });
  }

  getAuthToken(): string | undefined {
    return this.authToken;
  }

  getCredentials(): Credentials {
    return { password: this.authToken };
  }

  getCaFile(): string | undefined {
    return this.flavour === 'managed' ? this.ca?.caFile : undefined;
  }

  getConnectionUri(): string {
    const url = new URL(this.flavour === 'managed' ? 'rediss://placeholder' : 'redis://placeholder');
    url.hostname = this.getHost();
    url.port = String(this.getPort());
    if (this.authToken) url.password = this.authToken;
    return url.href;
  }
}
