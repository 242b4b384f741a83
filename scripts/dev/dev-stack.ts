import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { build } from 'vite';
import { getComposeService, loadComposeFile } from '../../harness/launch/compose-file.ts';
import { getFreePort } from '../../harness/core/free-port.ts';
import { isolatedEnvironment } from '../../harness/launch/isolated-environment.ts';
import { ServiceProcess, type StartedServiceProcess } from '../../harness/launch/service-process.ts';
import { localizeEnvironment, type BackingServerUrls } from './local-environment.ts';
import { NativeNginx, type StartedNativeNginx } from './native-nginx.ts';

/** The compose services that run as Node processes, in the order they are listed. */
export const NODE_SERVICES = ['auth', 'cashflow', 'consolidated'] as const;
export type NodeService = (typeof NODE_SERVICES)[number];

/**
 * The whole system on one machine without Docker, wired from docker-compose.yml: the SPA built
 * by Vite, the three services as `node --import tsx` processes, and the compose frontend's nginx
 * template run by the machine's nginx. Builder: `with*` only records; `start()` acts.
 */
export class DevStack {
  #composeFile: string;
  #frontendPort = 8080;
  #databasePrefix = '';
  #overrides: Partial<Record<NodeService, Record<string, string>>> = {};
  #spaOutDir: string;
  #logDir: string;
  #startupTimeoutMs = 60_000;
  #logger: Logger = pino({ name: 'dev-stack', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));

  constructor(
    private readonly rootDir: string,
    private readonly backing: BackingServerUrls,
  ) {
    this.#composeFile = join(rootDir, 'docker-compose.yml');
    this.#spaOutDir = join(rootDir, 'services', 'frontend', 'dist');
    this.#logDir = join(rootDir, 'reports', 'dev');
  }

  /** Port of the nginx frontend on 127.0.0.1 (0 picks a free one). @default 8080 */
  withFrontendPort(port: number): this {
    this.#frontendPort = port;
    return this;
  }

  /** Prefix for every service's database name, so a run owns its databases. @default '' */
  withDatabasePrefix(prefix: string): this {
    this.#databasePrefix = prefix;
    return this;
  }

  /** Variables added to one service's compose environment (e.g. a test's own `BUS_NAMESPACE`). */
  withServiceEnvironment(service: NodeService, environment: Readonly<Record<string, string>>): this {
    this.#overrides[service] = { ...this.#overrides[service], ...environment };
    return this;
  }

  /** Where Vite writes the SPA. @default services/frontend/dist */
  withSpaOutDir(directory: string): this {
    this.#spaOutDir = directory;
    return this;
  }

  /** Directory for the services' log files. @default reports/dev */
  withLogDir(directory: string): this {
    this.#logDir = directory;
    return this;
  }

  /** Per-service readiness deadline. @default 60000 */
  withStartupTimeout(timeoutMs: number): this {
    this.#startupTimeoutMs = timeoutMs;
    return this;
  }

  withLogger(logger: Logger): this {
    this.#logger = logger;
    return this;
  }

  async start(): Promise<StartedDevStack> {
    const compose = await loadComposeFile(this.#composeFile, process.env);
    await mkdir(this.#logDir, { recursive: true });
    await this.#buildSpa();

    const services = new Map<NodeService, StartedServiceProcess>();
    let nginx: StartedNativeNginx | undefined;
    try {
      const ports = Object.fromEntries(
        await Promise.all(NODE_SERVICES.map(async (name) => [name, await getFreePort()] as const)),
      ) as Record<NodeService, number>;
      const serviceAddresses = Object.fromEntries(NODE_SERVICES.map((name) => [name, `127.0.0.1:${ports[name]}`]));
      const localize = (environment: Readonly<Record<string, string>>): Record<string, string> =>
        localizeEnvironment(environment, {
          backing: this.backing,
          databasePrefix: this.#databasePrefix,
          serviceAddresses,
        });

      // Started together: each waits only for its own backing servers, as in compose.
      const results = await Promise.allSettled(
        NODE_SERVICES.map(async (name) => {
          const own = { ...localize(getComposeService(compose, name).environment), ...this.#overrides[name] };
          const started = await new ServiceProcess(name, process.execPath, [
            '--import',
            'tsx',
            join('services', name, 'src', 'server.ts'),
          ])
            .withWorkingDirectory(this.rootDir)
            .withEnvironment(isolatedEnvironment(own, { port: ports[name] }))
            .withListenAddress('127.0.0.1', ports[name])
            .withStartupTimeout(this.#startupTimeoutMs)
            .withLogFile(join(this.#logDir, `${name}.log`))
            .withLogger(this.#logger)
            .start();
          services.set(name, started);
        }),
      );
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;

      const frontendPort = this.#frontendPort === 0 ? await getFreePort() : this.#frontendPort;
      nginx = await new NativeNginx(
        join(this.rootDir, 'services', 'frontend', 'nginx', 'templates', 'default.conf.template'),
      )
        .withEnvironment(localize(getComposeService(compose, 'frontend').environment))
        .withSiteRoot(this.#spaOutDir)
        .withListen('127.0.0.1', frontendPort)
        .withLogger(this.#logger)
        .start();
      return new StartedDevStack(nginx, services, getComposeService(compose, 'auth').environment, this.#logger);
    } catch (error) {
      await stopAll(nginx, services, this.#logger);
      throw error;
    }
  }

  async #buildSpa(): Promise<void> {
    const started = Date.now();
    await build({
      configFile: join(this.rootDir, 'services', 'frontend', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: this.#spaOutDir, emptyOutDir: true },
    });
    // nginx workers run as nobody when this runs as root; they must be able to read the site.
    await chmod(this.#spaOutDir, 0o755);
    this.#logger.info({ outDir: this.#spaOutDir, ms: Date.now() - started }, 'SPA built');
  }
}

/** The running system; `stop()` ends nginx and the three services. */
export class StartedDevStack implements AsyncDisposable {
  constructor(
    private readonly nginx: StartedNativeNginx,
    private readonly services: ReadonlyMap<NodeService, StartedServiceProcess>,
    private readonly authEnvironment: Readonly<Record<string, string>>,
    private readonly logger: Logger,
  ) {}

  /** The SPA and the API, as users reach them (the compose `frontend` port). */
  getUrl(): string {
    return this.nginx.getUrl();
  }

  getService(name: NodeService): StartedServiceProcess {
    const service = this.services.get(name);
    if (service === undefined) throw new Error(`service ${name} is not running`);
    return service;
  }

  /** The demo user auth seeds at start, from the compose environment. */
  getDemoCredentials(): { username: string; password: string } | undefined {
    const { DEMO_USERNAME: username, DEMO_PASSWORD: password } = this.authEnvironment;
    return username && password ? { username, password } : undefined;
  }

  async stop(): Promise<void> {
    await stopAll(this.nginx, this.services, this.logger);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

async function stopAll(
  nginx: StartedNativeNginx | undefined,
  services: ReadonlyMap<NodeService, StartedServiceProcess>,
  logger: Logger,
): Promise<void> {
  const stops = [nginx?.stop(), ...[...services.values()].map((service) => service.stop())];
  for (const result of await Promise.allSettled(stops)) {
    if (result.status === 'rejected') logger.error({ err: result.reason }, 'could not stop a part of the stack');
  }
}
