import { Agent, fetch, type Response } from 'undici';

/**
 * A user's browser as the edge sees it: requests to a gateway from its own loopback address
 * (127.0.0.0/8 all reaches this machine), so the first proxy records a distinct client address,
 * as CloudFront records each viewer's. Dispose to close its connections.
 */
export class Viewer implements AsyncDisposable {
  private readonly agent: Agent;

  constructor(
    private readonly gatewayUrl: string,
    /** The source address, e.g. `127.0.0.23`. */
    readonly address: string,
  ) {
    this.agent = new Agent({ connect: { localAddress: address } });
  }

  request(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    return fetch(new URL(path, this.gatewayUrl), {
      method,
      dispatcher: this.agent,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(10_000),
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.agent.close();
  }
}
