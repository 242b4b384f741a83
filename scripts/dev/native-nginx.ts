import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { renderNginxTemplate, unresolvedTemplateVariables } from '../../services/frontend/nginx/render-template.ts';
import { waitForHttp } from '../../harness/launch/wait-for-http.ts';

const DEFAULT_BINARY = '/usr/sbin/nginx';
const DEBIAN_MIME_TYPES = '/etc/nginx/mime.types';

/** Enough types for a Vite build when the distribution's mime.types is not there. */
const FALLBACK_MIME_TYPES = `types {
    text/html html;
    text/css css;
    application/javascript js mjs;
    application/json json map;
    image/svg+xml svg;
    image/png png;
    image/x-icon ico;
    font/woff2 woff2;
}`;

/**
 * Runs an nginx server template (the one the compose `frontend` image renders) with the machine's
 * nginx, inside a temp prefix holding its main config, pid, logs and temp files. One worker and
 * no daemon, so the process handle is the server. Builder: `with*` only records; `start()` acts.
 */
export class NativeNginx {
  #binary = DEFAULT_BINARY;
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

  /** Directory served at `/` (the template's `${SPA_ROOT}`). */
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

  withBinary(path: string): this {
    this.#binary = path;
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
    if (!existsSync(this.#binary)) {
      throw new Error(`nginx binary ${this.#binary} not found (Debian: apt-get install nginx-light)`);
    }
    const environment = {
      ...this.#environment,
      NGINX_PORT: `${this.#host}:${this.#port}`,
      ...(this.#siteRoot ? { SPA_ROOT: this.#siteRoot } : {}),
    };
    const rendered = renderNginxTemplate(await readFile(this.templatePath, 'utf8'), environment);
    const unresolved = unresolvedTemplateVariables(rendered);
    if (unresolved.length > 0) {
      throw new Error(`${this.templatePath}: no value for ${unresolved.join(', ')} (set them in the environment)`);
    }

    const prefix = await mkdtemp(join(tmpdir(), 'native-nginx-'));
    let child: ChildProcess | undefined;
    try {
      // Workers run as nobody when the master is root; they must reach the temp dirs in here.
      await chmod(prefix, 0o755);
      await mkdir(join(prefix, 'conf.d'));
      await writeFile(join(prefix, 'conf.d', 'default.conf'), rendered);
      await writeFile(join(prefix, 'nginx.conf'), mainConfig(prefix));

      const output: string[] = [];
      child = spawn(
        this.#binary,
        ['-p', prefix, '-e', 'stderr', '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const remember = (chunk: Buffer): void => {
        const text = chunk.toString().trimEnd();
        output.push(text);
        if (output.length > 50) output.shift();
        this.#logger.debug({ nginx: text }, 'nginx output');
      };
      child.stdout?.on('data', remember);
      child.stderr?.on('data', remember);
      let exited: string | undefined;
      child.once('exit', (code, signal) => {
        exited = `nginx exited with ${signal ?? `code ${code}`}: ${output.join('\n')}`;
      });

      const url = new URL(`http://${this.#host}:${this.#port}/healthz`);
      await waitForHttp(url, { timeoutMs: this.#startupTimeoutMs, intervalMs: 50, abortReason: () => exited });
      this.#logger.info({ url: new URL('/', url).href, nginxPid: child.pid }, 'nginx ready');
      return new StartedNativeNginx(child, prefix, this.#host, this.#port, this.#logger);
    } catch (error) {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit').catch((cleanupError: unknown) =>
          this.#logger.error({ err: cleanupError }, 'could not await nginx exit'),
        );
      }
      await rm(prefix, { recursive: true, force: true }).catch((cleanupError: unknown) =>
        this.#logger.error({ err: cleanupError, prefix }, 'could not remove nginx prefix'),
      );
      throw error;
    }
  }
}

/** A running native nginx; stopping it also removes its temp prefix. */
export class StartedNativeNginx implements AsyncDisposable {
  constructor(
    private readonly child: ChildProcess,
    /** Temp directory holding nginx.conf, conf.d/default.conf, pid and temp files. */
    readonly prefix: string,
    private readonly host: string,
    private readonly port: number,
    private readonly logger: Logger,
  ) {}

  getHost(): string {
    return this.host;
  }

  getPort(): number {
    return this.port;
  }

  /** Base URL of the site, e.g. `http://127.0.0.1:8080/`. */
  getUrl(): string {
    return new URL(`http://${this.host}:${this.port}/`).href;
  }

  /** Graceful stop (SIGQUIT lets in-flight requests finish), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGQUIT');
      const timer = setTimeout(() => {
        this.logger.warn({ timeoutMs }, 'nginx did not quit in time; killing it');
        this.child.kill('SIGKILL');
      }, timeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.prefix, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

function mainConfig(prefix: string): string {
  const types = existsSync(DEBIAN_MIME_TYPES) ? `include ${DEBIAN_MIME_TYPES};` : FALLBACK_MIME_TYPES;
  return `# Generated by scripts/dev/native-nginx.ts; the server block is the compose frontend's template.
worker_processes 1;
error_log stderr warn;
pid ${join(prefix, 'nginx.pid')};

events {
    worker_connections 1024;
}

http {
    ${types}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_timeout 65;
    client_body_temp_path ${join(prefix, 'client_body')};
    proxy_temp_path ${join(prefix, 'proxy')};
    fastcgi_temp_path ${join(prefix, 'fastcgi')};
    uwsgi_temp_path ${join(prefix, 'uwsgi')};
    scgi_temp_path ${join(prefix, 'scgi')};
    include ${join(prefix, 'conf.d', '*.conf')};
}
`;
}
