import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { launchComposeProfile, type LaunchedProfile } from '../../harness/launch/index.ts';
import { composeWiring, type BackingServerUrls } from './backing-servers.ts';

/** What `npm run dev` runs with, its settings already validated. */
export interface DevOptions {
  /** The repository root (docker-compose.yml, services/). */
  readonly rootDir: string;
  readonly backing: BackingServerUrls;
  /** Variables for compose's interpolation: the shell's, as `docker compose` would see them. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Frontend port on 127.0.0.1; 0 picks a free one. */
  readonly frontendPort: number;
  /** Where the services' logs go; they outlive the run. */
  readonly logDir: string;
  /** The SPA build to serve. */
  readonly siteRoot: string;
  readonly logger: Logger;
}

/**
 * Runs the system as docker-compose wires it, with the harness's compose launcher (the same one
 * `harness up --profile compose` uses) against the given backing servers. nginx's config, pid
 * and temp files live in a temp dir that stopping removes; only the logs stay.
 */
export async function startDev(options: DevOptions): Promise<LaunchedProfile> {
  const runDir = await mkdtemp(join(tmpdir(), 'cashflow-dev-'));
  // When this runs as root nginx's worker runs as nobody, and must reach its temp dirs in here.
  await chmod(runDir, 0o755);
  const removeRunDir = () => rm(runDir, { recursive: true, force: true });
  let launched: LaunchedProfile;
  try {
    launched = await launchComposeProfile({
      rootDir: options.rootDir,
      runDir,
      logDir: options.logDir,
      logger: options.logger,
      siteRoot: options.siteRoot,
      ...(options.frontendPort === 0 ? {} : { routerPort: options.frontendPort }),
      ...composeWiring(options.backing, options.env),
    });
  } catch (error) {
    await removeRunDir();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await launched.stop();
    await removeRunDir();
  };
  return { ...launched, stop, [Symbol.asyncDispose]: stop };
}
