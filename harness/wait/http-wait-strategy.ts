import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Deadline } from '../core/deadline.ts';
import { pollUntil } from '../core/deadline.ts';
import { HarnessError } from '../core/harness-error.ts';
import { AbstractWaitStrategy, type WaitTarget } from './wait-strategy.ts';

/** Options of one readiness request. */
interface StatusRequest {
  readonly ca: Buffer | undefined;
  readonly timeoutMs: number;
}

/** GETs `url` once (no keep-alive: a probe must not hold a connection) and resolves with the status. */
function getStatus(url: URL, options: StatusRequest): Promise<number> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', agent: false, headers: { connection: 'close' }, ...(options.ca ? { ca: options.ca } : {}) },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(new HarnessError('WAIT_TIMEOUT', `no answer within ${options.timeoutMs} ms`)),
    );
    req.once('error', (error: NodeJS.ErrnoException) =>
      // "ECONNREFUSED" says more than undici's or Node's generic wording.
      reject(error.code && !error.message.includes(error.code) ? new Error(`${error.code}: ${error.message}`) : error),
    );
    req.end();
  });
}

/**
 * Ready when `GET <scheme>://host:port<path>` answers with an accepted status: by default any
 * below 500 (the thing answers HTTP at all); with {@link forStatusCode} or
 * {@link forStatusCodeMatching}, one of those. {@link usingTls} probes over HTTPS, verified
 * against a CA file (the run's CA) or the system's roots.
 */
export class HttpWaitStrategy extends AbstractWaitStrategy {
  private readonly path: string;
  private readonly port: number | undefined;
  private readonly statusChecks: { readonly describe: string; readonly accepts: (status: number) => boolean }[] = [];
  private tls = false;
  private caFile: string | undefined;
  private readTimeoutMs = 2_000;

  constructor(path: string, port?: number) {
    super();
    this.path = path;
    this.port = port;
  }

  /** Ready on this status (several calls: any of them). */
  forStatusCode(status: number): this {
    this.statusChecks.push({ describe: String(status), accepts: (s) => s === status });
    return this;
  }

  /** Ready on a status the predicate accepts; `description` names it in messages (e.g. `2xx`). */
  forStatusCodeMatching(accepts: (status: number) => boolean, description = 'a matching status'): this {
    this.statusChecks.push({ describe: description, accepts });
    return this;
  }

  /** Probes over HTTPS; with `caFile` the certificate must chain to that CA. @default plain HTTP */
  usingTls(caFile?: string): this {
    this.tls = true;
    this.caFile = caFile;
    return this;
  }

  /** One request that gets no answer within this is abandoned and retried. @default 2000 */
  withReadTimeout(timeoutMs: number): this {
    this.readTimeoutMs = timeoutMs;
    return this;
  }

  describe(): string {
    return `HTTP${this.tls ? 'S' : ''} GET ${this.path} (${this.describeStatus()})`;
  }

  private describeStatus(): string {
    return this.statusChecks.length === 0 ? 'status below 500' : this.statusChecks.map((c) => c.describe).join(' or ');
  }

  private accepts(status: number): boolean {
    return this.statusChecks.length === 0 ? status < 500 : this.statusChecks.some((c) => c.accepts(status));
  }

  async waitUntilReady(target: WaitTarget, deadline?: Deadline): Promise<void> {
    const port = this.port ?? target.ports[0];
    const url = new URL(this.path, `${this.tls ? 'https' : 'http'}://${target.host}:${port}`);
    const ca = this.caFile === undefined ? undefined : readFileSync(this.caFile);
    await pollUntil(
      async () => {
        const status = await getStatus(url, { ca, timeoutMs: this.readTimeoutMs });
        if (this.accepts(status)) return true;
        throw new Error(`HTTP ${status}`);
      },
      {
        description: `${target.name} to answer GET ${url.href} with ${this.describeStatus()}`,
        deadline: this.deadlineFor(target, deadline),
        signal: target.signal,
      },
    );
  }
}
