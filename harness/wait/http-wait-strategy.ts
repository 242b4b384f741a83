import { pollUntil } from '../core/deadline.ts';
import { AbstractWaitStrategy, type WaitTarget } from './wait-strategy.ts';

/** Ready when `GET http://host:port<path>` answers with a status below 500. */
export class HttpWaitStrategy extends AbstractWaitStrategy {
  private readonly path: string;
  private readonly port: number | undefined;

  constructor(path: string, port?: number) {
    super();
    this.path = path;
    this.port = port;
  }

  describe(): string {
    return `HTTP GET ${this.path}`;
  }

  async waitUntilReady(target: WaitTarget): Promise<void> {
    const port = this.port ?? target.ports[0];
    const url = new URL(this.path, `http://${target.host}:${port}`);
    await pollUntil(
      async () => {
        const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        return response.status < 500 ? true : undefined;
      },
      {
        description: `${target.name} to answer GET ${url.href}`,
        timeoutMs: this.startupTimeoutMs,
        signal: target.signal,
      },
    );
  }
}
