import { join } from 'node:path';
import { getComposeService, loadComposeFile } from './compose-file.ts';
import { rewriteEndpoints, tableResolver, type LocalEndpoint } from '../services/endpoint-rewrite.ts';
import { getFreePort } from '../../core/free-port.ts';
import { isolatedEnvironment } from '../services/isolated-environment.ts';
import {
  APP_SERVICES,
  readyProfile,
  serviceCommand,
  startAllOrNone,
  stopAll,
  type AppServiceName,
  type BaseLaunchContext,
  type LaunchedProfile,
} from '../services/launched-profile.ts';
import { frontendTemplatePath, startFrontendRouter } from '../routers/frontend-router.ts';
import { ServiceProcess, type StartedServiceProcess } from '../services/service-process.ts';
import { ensureSpaBuilt, siteReadableByWorker } from '../routers/static-site.ts';

/** A backing server as the launcher needs it: where it listens. */
export interface ListeningServer {
  getHost(): string;
  getPort(): number;
}

/** The compose profile's inputs: the compose-flavour backing servers. */
export interface ComposeLaunchContext extends BaseLaunchContext {
  readonly backing: {
    readonly postgres: ListeningServer;
    readonly rabbitmq: ListeningServer & { getManagementUri?(): string };
    readonly redis: ListeningServer;
  };
  /** Variables for compose's interpolation, as the shell would give them. @default process.env */
  readonly interpolationEnv?: Readonly<Record<string, string | undefined>>;
  /** @default `<rootDir>/docker-compose.yml` */
  readonly composeFile?: string;
  /**
   * Port of the frontend router on 127.0.0.1, as compose publishes the frontend on a fixed one
   * (`npm run dev` serves on 8080). @default a free port, so that profiles never collide
   */
  readonly routerPort?: number;
  /** Directory of the services' log files, when they must outlive the run dir. @default runDir */
  readonly logDir?: string;
  /**
   * The SPA build the router serves, for callers that build it themselves (fresh, or away from
   * the checkout's). @default `services/frontend/dist`, built with Vite when missing
   */
  readonly siteRoot?: string;
}

/**
 * Runs the system as docker-compose wires it: each app service with exactly its compose
 * environment (compose hostnames rewritten to the local servers), and the frontend's nginx
 * template rendered with the frontend service's compose environment, serving the SPA build.
 */
export async function launchComposeProfile(ctx: ComposeLaunchContext): Promise<LaunchedProfile> {
  const logger = ctx.logger.child({ profile: 'compose' });
  const project = await loadComposeFile(
    ctx.composeFile ?? join(ctx.rootDir, 'docker-compose.yml'),
    ctx.interpolationEnv ?? process.env,
  );
  if (project.unsetVariables.length > 0) {
    logger.warn({ variables: project.unsetVariables }, 'compose variables not set: they became empty strings');
  }
  const names = Object.keys(APP_SERVICES) as AppServiceName[];
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await getFreePort()]))) as Record<
    AppServiceName,
    number
  >;
  const table: Record<string, LocalEndpoint> = {
    postgres: endpoint(ctx.backing.postgres),
    'rabbitmq:5672': endpoint(ctx.backing.rabbitmq),
    redis: endpoint(ctx.backing.redis),
  };
  const management = ctx.backing.rabbitmq.getManagementUri?.();
  if (management !== undefined) {
    const url = new URL(management);
    table['rabbitmq:15672'] = { host: url.hostname, port: Number(url.port) };
  }
  for (const name of names) table[`${name}:${APP_SERVICES[name]}`] = { host: '127.0.0.1', port: ports[name] };
  const resolve = tableResolver(table);

  const started: StartedServiceProcess[] = [];
  try {
    const services = await startAllOrNone(
      names.map((name) => async () => {
        const own = getComposeService(project, name).environment;
        const { environment } = rewriteEndpoints(own, resolve, logger.child({ service: name }));
        const { command, args } = serviceCommand(name);
        return new ServiceProcess(`compose-${name}`, command, args)
          .withEnvironment(isolatedEnvironment(environment, { port: ports[name] }))
          .withWorkingDirectory(ctx.rootDir)
          .withListenAddress('127.0.0.1', ports[name])
          .withStartupTimeout(ctx.startupTimeoutMs ?? 60_000)
          .withLogFile(join(ctx.logDir ?? ctx.runDir, `${name}.log`))
          .withRunDir(ctx.runDir)
          .withLogger(logger)
          .start();
      }),
      logger,
    );
    started.push(...services);
    const byName = Object.fromEntries(names.map((name, i) => [name, services[i]!])) as Record<
      AppServiceName,
      StartedServiceProcess
    >;

    const siteRoot = siteReadableByWorker(
      ctx.siteRoot ?? (await ensureSpaBuilt(ctx.rootDir, logger)),
      ctx.runDir,
      logger,
    );
    const frontendEnv = rewriteEndpoints(
      getComposeService(project, 'frontend').environment,
      resolve,
      logger,
    ).environment;
    const routerPort = ctx.routerPort ?? (await getFreePort());
    const router = await startFrontendRouter({
      templatePath: frontendTemplatePath(ctx.rootDir),
      environment: frontendEnv,
      siteRoot,
      host: '127.0.0.1',
      port: routerPort,
      name: 'router-compose',
      runDir: ctx.runDir,
      logger,
    });
    started.push(router);
    const gatewayUrl = router.getUrl().href;
    return readyProfile('compose', { services: byName, router, gatewayUrl, started }, logger);
  } catch (error) {
    await stopAll(started, logger);
    throw error;
  }
}

function endpoint(server: ListeningServer): LocalEndpoint {
  return { host: server.getHost(), port: server.getPort() };
}
