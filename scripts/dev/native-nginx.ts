import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { startNginxRouter } from '../../harness/launch/nginx-router.ts';
import type { StartedServiceProcess } from '../../harness/launch/service-process.ts';
import { renderNginxTemplate, unresolvedTemplateVariables } from '../../services/frontend/nginx/render-template.ts';

/**
 * Runs the compose frontend's nginx template with the machine's nginx: rendered as the image's
 * envsubst step would, with the listen address and site root of this machine, then run by the
 * harness's native nginx runner (one worker, keep-alive upstreams, everything in a temp prefix).
 * Builder: `with*` only records; `start()` acts.
 */
export class NativeNginx {
  #host = '127.0.0.1';
  #port = 8080;
  #environment: Record<string, string | undefined> = {};
  #siteRoot: string | undefined;
  #startupTimeoutMs = 15_000;
  #logger: Logger = pino({ name: 'native-nginx', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));

  constructor(private readonly templatePath: string) {}

  /** Variables the template is rendered with (as the image's envsubst would see them). */
  withEnvironment(environment: Readonly<Record<string, string | undefined>>): this {
    this.#environment = { ...this.#environment, ...environment };
    return this;
  }

  /** Directory served at `/` (the template's `${SPA_ROOT}`, an ENV of the image). */
  withSiteRoot(directory: string): this {
    this.#siteRoot = directory;
    return this;
  }

  /** Address to listen on; it replaces the template's `${NGINX_PORT}` with `host:port`. */
  withListen(host: string, port: number): this {
    this.#host = host;
    this.#port = port;
    return this;
  }

  withStartupTimeout(timeoutMs: number): this {
    this.#startupTimeoutMs = timeoutMs;
    return this;
  }

  withLogger(logger: Logger): this {
    this.#logger = logger;
    return this;
  }

  async start(): Promise<StartedNativeNginx> {
    const environment = {
      ...this.#environment,
      NGINX_PORT: `${this.#host}:${this.#port}`,
      ...(this.#siteRoot ? { SPA_ROOT: this.#siteRoot } : {}),
    };
    const siteConfig = renderNginxTemplate(await readFile(this.templatePath, 'utf8'), environment);
    const unresolved = unresolvedTemplateVariables(siteConfig);
    if (unresolved.length > 0) {
      throw new Error(`${this.templatePath}: no value for ${unresolved.join(', ')} (set them in the environment)`);
    }
    const runDir = await mkdtemp(join(tmpdir(), 'native-nginx-'));
    try {
      const router = await startNginxRouter({
        name: 'frontend',
        runDir,
        siteConfig,
        host: this.#host,
        port: this.#port,
        logger: this.#logger,
        startupTimeoutMs: this.#startupTimeoutMs,
      });
      this.#logger.info({ url: router.getUrl().href }, 'nginx ready');
      return new StartedNativeNginx(router, runDir);
    } catch (error) {
      await rm(runDir, { recursive: true, force: true }).catch((cleanupError: unknown) =>
        this.#logger.error({ err: cleanupError, runDir }, 'could not remove the nginx run directory'),
      );
      throw error;
    }
  }
}

/** A running native nginx; stopping it also removes its temp directory. */
export class StartedNativeNginx implements AsyncDisposable {
  constructor(
    private readonly router: StartedServiceProcess,
    /** Temp directory holding the nginx prefix (config, pid, temp files) and its log. */
    readonly runDir: string,
  ) {}

  getHost(): string {
    return this.router.getHost();
  }

  getPort(): number {
    return this.router.getPort();
  }

  /** Base URL of the site, e.g. `http://127.0.0.1:8080/`. */
  getUrl(): string {
    return this.router.getUrl().href;
  }

  async stop(): Promise<void> {
    await this.router.stop();
    await rm(this.runDir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
