import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { generatePassword } from '../../core/credentials.ts';
import { getFreePort } from '../../core/free-port.ts';
import { pollUntil } from '../../core/deadline.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { postgresBinDir } from '../../core/require-binary.ts';
import { serviceUser, type SystemUser } from '../../core/system-user.ts';
import type { CertificateAuthority } from '../../tls/certificate-authority.ts';
import { Wait } from '../../wait/wait.ts';
import type { WaitStrategy } from '../../wait/wait-strategy.ts';
import { LOGICAL_DATABASES, type Credentials, type StartedPostgres } from '../backing-server.ts';
import {
  chownRecursive,
  type ServerCommand,
  makeServerDir,
  StartedNativeServer,
  type NativeServerLayout,
} from './native-server.ts';
import { NativeServerBuilder } from './native-server-builder.ts';

const run = promisify(execFile);

const templates = new Map<string, Promise<string>>();

/**
 * initdb costs over a second of CPU; both flavours of one run start from one freshly initialised
 * cluster that is copied, so a run pays for it once.
 */
async function copyInitializedCluster(
  binDir: string,
  runDir: string,
  dataDir: string,
  user?: SystemUser,
): Promise<void> {
  let template = templates.get(runDir);
  if (!template) {
    template = initdb(binDir, join(runDir, 'postgres-template'), user);
    templates.set(runDir, template);
  }
  await run('cp', ['-a', await template, dataDir]);
}

async function initdb(binDir: string, dir: string, user?: SystemUser): Promise<string> {
  makeServerDir(dir, user);
  const dataDir = join(dir, 'data');
  try {
    await run(
      join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C.UTF-8'],
      { uid: user?.uid, gid: user?.gid, cwd: dir, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C.UTF-8' } },
    );
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new HarnessError('START_FAILED', `postgres: initdb failed\n${stderr.trim()}`, { cause: error });
  }
  return dataDir;
}

/** Prefix of the short socket directories under the temp dir. */
export const POSTGRES_SOCKET_DIR_PREFIX = 'harness-pg-';
/** The file in a socket directory naming the run dir it belongs to. */
export const SOCKET_DIR_OWNER_FILE = 'run-dir';

/** The managed flavour's application role: a login without superuser, owning the databases. */
export const MANAGED_POSTGRES_USER = 'app';

/**
 * A PostgreSQL cluster run from the machine's binaries (initdb + postgres) as the `postgres`
 * account. Builder: `withX()` only records; {@link PostgresServer.start} does the work.
 */
export class PostgresServer extends NativeServerBuilder {
  constructor() {
    super('PostgresServer', 60_000);
  }

  private port: number | undefined;

  /** A fixed port instead of a free one. */
  withPort(port: number): this {
    this.port = port;
    return this;
  }

  async start(): Promise<StartedPostgresServer> {
    this.requireOptions();
    const binDir = postgresBinDir();
    const user = serviceUser('postgres');
    const dir = join(this.runDir, `postgres-${this.flavour}`);
    const layout: NativeServerLayout = {
      kind: 'postgres',
      flavour: this.flavour,
      runDir: this.runDir,
      dir,
      host: '127.0.0.1',
      ports: [this.port ?? (await getFreePort())],
      startupTimeoutMs: this.startupTimeoutMs,
      user,
    };
    const password = this.flavour === 'managed' ? generatePassword(32) : 'postgres';
    const server = new StartedPostgresServer(layout, binDir, password, this.ca);
    return server.initialize();
  }
}

/** A running PostgreSQL; `getConnectionUri()` points at the `postgres` maintenance database. */
export class StartedPostgresServer extends StartedNativeServer implements StartedPostgres {
  declare readonly kind: 'postgres';
  private readonly binDir: string;
  private readonly password: string;
  private readonly ca: CertificateAuthority | undefined;
  private tlsFiles: { certFile: string; keyFile: string; caFile: string } | undefined;

  constructor(layout: NativeServerLayout, binDir: string, password: string, ca: CertificateAuthority | undefined) {
    super(layout);
    this.binDir = binDir;
    this.password = password;
    this.ca = ca;
  }

  private get dataDir(): string {
    return join(this.layout.dir, 'data');
  }

  /**
   * The admin socket's directory. A socket path may not exceed 107 bytes, which deep run dirs do,
   * so it lives in a short directory under the temp dir, named after (and pointing back to) this
   * server's dir so stale-run cleanup can find it.
   */
  private get socketDir(): string {
    const hash = createHash('sha256').update(this.layout.dir).digest('hex').slice(0, 16);
    return join(tmpdir(), `${POSTGRES_SOCKET_DIR_PREFIX}${hash}`);
  }

  /** initdb, pg_hba.conf and TLS material; runs once before the first start. */
  protected override async prepare(): Promise<void> {
    const { dir, user } = this.layout;
    makeServerDir(dir, user);
    makeServerDir(this.socketDir, user);
    writeFileSync(join(this.socketDir, SOCKET_DIR_OWNER_FILE), this.layout.runDir);
    await copyInitializedCluster(this.binDir, this.layout.runDir, this.dataDir, user);
    // Loopback only. The managed flavour has hostssl lines only, so plain TCP gets "no pg_hba.conf
    // entry ... no encryption", as RDS with rds.force_ssl does. The socket (trust) is the harness's own
    // admin door; it lives in this server's private directory.
    const tcp = this.flavour === 'managed' ? 'hostssl' : 'host';
    writeFileSync(
      join(this.dataDir, 'pg_hba.conf'),
      [
        'local all all trust',
        `${tcp} all all 127.0.0.1/32 scram-sha-256`,
        `${tcp} all all ::1/128 scram-sha-256`,
        '',
      ].join('\n'),
    );
    if (this.flavour === 'managed' && this.ca) {
      this.tlsFiles = this.ca.installServerCertificate(join(dir, 'tls'), user);
    }
    if (user) chownRecursive(this.dataDir, user);
  }

  protected command(): ServerCommand {
    const settings: Record<string, string> = {
      port: String(this.getPort()),
      listen_addresses: this.layout.host,
      unix_socket_directories: this.socketDir,
      fsync: 'off',
      full_page_writes: 'off',
      max_connections: '200',
      shared_buffers: '32MB',
      password_encryption: 'scram-sha-256',
      logging_collector: 'off',
    };
    if (this.tlsFiles) {
      Object.assign(settings, {
        ssl: 'on',
        ssl_cert_file: this.tlsFiles.certFile,
        ssl_key_file: this.tlsFiles.keyFile,
        ssl_min_protocol_version: 'TLSv1.2',
      });
    }
    return {
      file: join(this.binDir, 'postgres'),
      args: ['-D', this.dataDir, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])],
      env: { PATH: process.env.PATH ?? '', LC_ALL: 'C.UTF-8' },
      // Fast shutdown: SIGTERM is PostgreSQL's "smart" mode, which waits for every client to leave,
      // so a restart() with services connected would hang until the SIGKILL fallback.
      stopSignal: 'SIGINT',
    };
  }

  protected waitStrategy(): WaitStrategy {
    return Wait.forAll([
      Wait.forLogMessage('database system is ready to accept connections'),
      Wait.forProbe('SELECT 1 over its admin socket', async () => {
        await this.adminQuery('SELECT 1');
      }),
    ]);
  }

  protected override async afterFirstStart(): Promise<void> {
    const statements: string[] = [];
    const owner = this.flavour === 'managed' ? MANAGED_POSTGRES_USER : 'postgres';
    if (this.flavour === 'managed') {
      // Passwords are generated from letters and digits only, so quoting them is safe.
      statements.push(
        `CREATE ROLE ${MANAGED_POSTGRES_USER} LOGIN CREATEDB NOSUPERUSER PASSWORD '${this.password}'`,
        `ALTER ROLE postgres PASSWORD NULL`,
      );
    } else {
      statements.push(`ALTER ROLE postgres PASSWORD '${this.password}'`);
    }
    for (const database of LOGICAL_DATABASES) statements.push(`CREATE DATABASE ${database} OWNER ${owner}`);
    // The server answered its probe, but on a loaded machine one connection can still time out:
    // connecting is retried for as long as a start may take (a statement is never sent twice).
    for (const statement of statements) await this.adminQuery(statement, this.layout.startupTimeoutMs);
  }

  /**
   * Runs one statement as the superuser over the private socket (never over TCP). With
   * `retryConnectMs`, a connection attempt that fails or times out is retried for that long.
   */
  private async adminQuery(sql: string, retryConnectMs = 0): Promise<void> {
    const connect = async (): Promise<pg.Client> => {
      const attempt = new pg.Client({
        host: this.socketDir,
        port: this.getPort(),
        user: 'postgres',
        database: 'postgres',
        connectionTimeoutMillis: 5_000,
      });
      try {
        await attempt.connect();
        return attempt;
      } catch (error) {
        await attempt.end().catch(() => undefined);
        throw error;
      }
    };
    const client =
      retryConnectMs > 0
        ? await pollUntil(connect, {
            description: `${this.name} to accept a connection on its admin socket`,
            timeoutMs: retryConnectMs,
            intervalMs: 200,
          })
        : await connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  override async remove(): Promise<void> {
    await super.remove();
    rmSync(this.socketDir, { recursive: true, force: true });
  }

  getCredentials(): Credentials {
    return { username: this.flavour === 'managed' ? MANAGED_POSTGRES_USER : 'postgres', password: this.password };
  }

  getCaFile(): string | undefined {
    return this.ca?.caFile;
  }

  getDatabases(): readonly string[] {
    return LOGICAL_DATABASES;
  }

  getConnectionUri(): string {
    return this.getDatabaseUri('postgres');
  }

  getDatabaseUri(database: string): string {
    const url = new URL('postgres://placeholder');
    url.hostname = this.getHost();
    url.port = String(this.getPort());
    url.pathname = `/${database}`;
    const { username, password } = this.getCredentials();
    url.username = username ?? '';
    url.password = password ?? '';
    if (this.flavour === 'managed' && this.ca) {
      url.searchParams.set('sslmode', 'verify-full');
      url.searchParams.set('sslrootcert', this.ca.caFile);
    } else {
      url.searchParams.set('sslmode', 'disable');
    }
    return url.href;
  }
}
