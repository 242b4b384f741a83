import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import amqp from 'amqplib';
import { generatePassword } from '../../core/credentials.ts';
import { getFreePorts } from '../../core/free-port.ts';
import { HarnessError } from '../../core/harness-error.ts';
import { requireBinary } from '../../core/require-binary.ts';
import { serviceUser } from '../../core/system-user.ts';
import type { CertificateAuthority, CertificateFiles } from '../../tls/certificate-authority.ts';
import { Wait } from '../../wait/wait.ts';
import type { WaitStrategy } from '../../wait/wait-strategy.ts';
import type { Credentials, Flavour, StartedRabbitMq } from '../backing-server.ts';
import {
  chownRecursive,
  type ServerCommand,
  makeServerDir,
  StartedNativeServer,
  type NativeServerLayout,
} from './native-server.ts';
import { NativeServerBuilder } from './native-server-builder.ts';
import { readFileSync } from 'node:fs';

/** The managed flavour's administrator (Amazon MQ asks for one at broker creation). */
export const MANAGED_RABBITMQ_USER = 'admin';

/** The rabbitmq.conf for one flavour; pure so the exact settings are unit-tested. */
export function rabbitMqConfig(options: {
  readonly flavour: Flavour;
  readonly host: string;
  readonly amqpPort: number;
  readonly managementPort: number;
  readonly password: string;
  readonly tls?: CertificateFiles;
}): string {
  const lines = ['log.console = true', 'log.console.level = info', 'log.file = false'];
  if (options.flavour === 'managed') {
    if (!options.tls) throw new HarnessError('OPTION_INVALID', 'the managed RabbitMQ needs TLS files');
    const ssl = (prefix: string) => [
      `${prefix}.cacertfile = ${options.tls?.caFile}`,
      `${prefix}.certfile = ${options.tls?.certFile}`,
      `${prefix}.keyfile = ${options.tls?.keyFile}`,
    ];
    lines.push(
      // AMQPS only, like Amazon MQ: no plain listener at all.
      'listeners.tcp = none',
      `listeners.ssl.default = ${options.host}:${options.amqpPort}`,
      ...ssl('ssl_options'),
      'ssl_options.verify = verify_none',
      'ssl_options.fail_if_no_peer_cert = false',
      // The default user is created only on the first boot; naming it replaces guest entirely.
      `default_user = ${MANAGED_RABBITMQ_USER}`,
      `default_pass = ${options.password}`,
      'default_user_tags.administrator = true',
      'default_permissions.configure = .*',
      'default_permissions.read = .*',
      'default_permissions.write = .*',
      `management.ssl.port = ${options.managementPort}`,
      `management.ssl.ip = ${options.host}`,
      ...ssl('management.ssl'),
    );
  } else {
    lines.push(
      `listeners.tcp.default = ${options.host}:${options.amqpPort}`,
      `management.tcp.port = ${options.managementPort}`,
      `management.tcp.ip = ${options.host}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A RabbitMQ node run from the machine's rabbitmq-server as the `rabbitmq` account, with its own
 * node name, cookie, Mnesia and log dirs, distribution port and management port.
 */
export class RabbitMqServer extends NativeServerBuilder {
  constructor() {
    super('RabbitMqServer', 90_000);
  }

  private runId = 'local';

  /** Part of the Erlang node name, so parallel runs never share a node. */
  withRunId(runId: string): this {
    this.runId = runId;
    return this;
  }

  async start(): Promise<StartedRabbitMqServer> {
    this.requireOptions();
    const binary = requireBinary(['/usr/lib/rabbitmq/bin/rabbitmq-server', 'rabbitmq-server'], 'rabbitmq-server');
    const user = serviceUser('rabbitmq');
    const [amqpPort, managementPort, distPort] = (await getFreePorts(3)) as [number, number, number];
    const layout: NativeServerLayout = {
      kind: 'rabbitmq',
      flavour: this.flavour,
      runDir: this.runDir,
      dir: join(this.runDir, `rabbitmq-${this.flavour}`),
      host: '127.0.0.1',
      ports: [amqpPort, managementPort, distPort],
      startupTimeoutMs: this.startupTimeoutMs,
      user,
    };
    const nodeName = `harness-${this.runId}-${this.flavour}@localhost`;
    const password = this.flavour === 'managed' ? generatePassword(24) : 'guest';
    const server = new StartedRabbitMqServer(layout, binary, nodeName, password, this.ca);
    return server.initialize();
  }
}

/** A running RabbitMQ node. */
export class StartedRabbitMqServer extends StartedNativeServer implements StartedRabbitMq {
  declare readonly kind: 'rabbitmq';
  readonly nodeName: string;
  private readonly binary: string;
  private readonly password: string;
  private readonly ca: CertificateAuthority | undefined;

  constructor(
    layout: NativeServerLayout,
    binary: string,
    nodeName: string,
    password: string,
    ca: CertificateAuthority | undefined,
  ) {
    super(layout);
    this.binary = binary;
    this.nodeName = nodeName;
    this.password = password;
    this.ca = ca;
  }

  private path(name: string): string {
    return join(this.layout.dir, name);
  }

  getManagementPort(): number {
    return this.layout.ports[1] ?? 0;
  }

  /** Config, plugins, cookie and TLS files, all owned by the `rabbitmq` account. */
  protected override async prepare(): Promise<void> {
    const { dir, user } = this.layout;
    makeServerDir(dir, user);
    for (const sub of ['home', 'mnesia', 'log']) mkdirSync(this.path(sub), { recursive: true });
    const tls = this.flavour === 'managed' && this.ca ? this.ca.installServerCertificate(this.path('tls')) : undefined;
    writeFileSync(
      this.path('rabbitmq.conf'),
      rabbitMqConfig({
        flavour: this.flavour,
        host: this.layout.host,
        amqpPort: this.getPort(),
        managementPort: this.getManagementPort(),
        password: this.password,
        tls,
      }),
      { mode: 0o600 },
    );
    writeFileSync(this.path('enabled_plugins'), '[rabbitmq_management].\n');
    writeFileSync(this.path('rabbitmq-env.conf'), '');
    const cookie = this.path('home/.erlang.cookie');
    writeFileSync(cookie, generatePassword(32));
    chmodSync(cookie, 0o400);
    if (user) chownRecursive(dir, user);
  }

  protected command(): ServerCommand {
    return {
      file: this.binary,
      args: [],
      env: {
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: this.path('home'),
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
        RABBITMQ_NODENAME: this.nodeName,
        RABBITMQ_NODE_IP_ADDRESS: this.layout.host,
        RABBITMQ_DIST_PORT: String(this.layout.ports[2]),
        // Our own (empty) env file, so the machine's rabbitmq-env.conf cannot rename the node.
        RABBITMQ_CONF_ENV_FILE: this.path('rabbitmq-env.conf'),
        RABBITMQ_CONFIG_FILE: this.path('rabbitmq.conf'),
        RABBITMQ_ADVANCED_CONFIG_FILE: this.path('advanced.config'),
        RABBITMQ_ENABLED_PLUGINS_FILE: this.path('enabled_plugins'),
        RABBITMQ_MNESIA_BASE: this.path('mnesia'),
        RABBITMQ_LOG_BASE: this.path('log'),
        RABBITMQ_PID_FILE: this.path('rabbitmq-node.pid'),
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
        ERL_EPMD_ADDRESS: '127.0.0.1',
        // A crash dump takes many seconds to write and nobody reads it here.
        ERL_CRASH_DUMP_SECONDS: '0',
      },
    };
  }

  protected waitStrategy(): WaitStrategy {
    return Wait.forAll([
      Wait.forLogMessage('Server startup complete'),
      Wait.forPort(this.getPort(), this.getManagementPort()),
      Wait.forProbe('an AMQP handshake with its credentials', async () => {
        const connection = await amqp.connect(this.getConnectionUri(), this.socketOptions());
        await connection.close();
      }),
    ]);
  }

  /** Options for amqplib: the run's CA, so amqps verifies the certificate. */
  socketOptions(): { ca?: Buffer[]; timeout: number } {
    const caFile = this.getCaFile();
    return caFile ? { ca: [readFileSync(caFile)], timeout: 5_000 } : { timeout: 5_000 };
  }

  getCredentials(): Credentials {
    return { username: this.flavour === 'managed' ? MANAGED_RABBITMQ_USER : 'guest', password: this.password };
  }

  getCaFile(): string | undefined {
    return this.flavour === 'managed' ? this.ca?.caFile : undefined;
  }

  getConnectionUri(): string {
    const url = new URL(this.flavour === 'managed' ? 'amqps://placeholder' : 'amqp://placeholder');
    url.hostname = this.getHost();
    url.port = String(this.getPort());
    const { username, password } = this.getCredentials();
    url.username = username ?? '';
    url.password = password ?? '';
    return url.href;
  }

  getManagementUri(): string {
    const url = new URL(this.flavour === 'managed' ? 'https://placeholder' : 'http://placeholder');
    url.hostname = this.getHost();
    url.port = String(this.getManagementPort());
    return url.href;
  }
}
