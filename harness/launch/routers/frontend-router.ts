import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { renderNginxTemplate, unresolvedTemplateVariables } from '../../../services/frontend/nginx/render-template.ts';
import { startNginxRouter } from './nginx-router.ts';
import type { StartedServiceProcess } from '../services/service-process.ts';
import { HarnessError } from '../../core/harness-error.ts';

/** The frontend image's nginx template, the one docker-compose's `frontend` service renders. */
export function frontendTemplatePath(rootDir: string): string {
  return join(rootDir, 'services', 'frontend', 'nginx', 'templates', 'default.conf.template');
}

export interface FrontendRouterOptions {
  readonly templatePath: string;
  /** The frontend service's environment, as the image's envsubst step sees it. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** The SPA build served at `/`. */
  readonly siteRoot: string;
  readonly host: string;
  readonly port: number;
  /** Names the nginx prefix under `runDir` and its log file. */
  readonly name: string;
  readonly runDir: string;
  readonly logger: Logger;
  readonly startupTimeoutMs?: number;
}

/**
 * Runs the compose frontend's nginx template with the machine's nginx, rendered as the image's
 * envsubst step would. Two values are this machine's: `NGINX_PORT` becomes the listen address (the
 * container's own port would collide between profiles) and `SPA_ROOT`, an ENV of the image, the SPA
 * build. A template variable without a value stops the start, naming it.
 */
export async function startFrontendRouter(options: FrontendRouterOptions): Promise<StartedServiceProcess> {
  const siteConfig = renderNginxTemplate(await readFile(options.templatePath, 'utf8'), {
    ...options.environment,
    NGINX_PORT: `${options.host}:${options.port}`,
    SPA_ROOT: options.siteRoot,
  });
  const unresolved = unresolvedTemplateVariables(siteConfig);
  if (unresolved.length > 0) {
    throw new HarnessError('ENV_MISSING', `${options.templatePath}: no value for ${unresolved.join(', ')}`);
  }
  return startNginxRouter({
    name: options.name,
    runDir: options.runDir,
    siteConfig,
    host: options.host,
    port: options.port,
    logger: options.logger,
    startupTimeoutMs: options.startupTimeoutMs,
  });
}
