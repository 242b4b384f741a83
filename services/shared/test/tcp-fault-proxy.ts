import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where the proxy forwards to. */
export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * A TCP proxy on loopback between a service and one of its servers, whose faults a test switches
 * on and off (the services' reconnect tests, and the fault suite of scenarios/faults/): latency (every chunk held `ms` in each direction, order kept), a stall (bytes stop
 * flowing both ways, connections stay open), and a cut (every connection reset, new ones reset at
 * once, until healed). It forwards bytes and never parses them, so a TLS connection (amqps) works
 * through it unchanged: the service still verifies the server's certificate end to end.
 */
export class TcpFaultProxy implements AsyncDisposable {
  private latencyMs = 0;
  private stalled: { promise: Promise<void>; release: () => void } | undefined;
  private isCut = false;
  private readonly sockets = new Set<Socket>();
  /** Connections accepted since the start: a reconnecting client shows here. */
  connections = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: ProxyTarget,
  ) {}

  /** Listens on a free port of 127.0.0.1. */
  static async start(target: ProxyTarget): Promise<TcpFaultProxy> {
    const server = createServer();
    const proxy = new TcpFaultProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  getPort(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the fault proxy is not listening');
    return address.port;
  }

  /** Holds every chunk `ms` before forwarding it, in both directions; 0 turns it off. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Stops forwarding in both directions; connections stay open and bytes wait until {@link resume}. */
  stall(): void {
    if (this.stalled !== undefined) return;
    let release = () => {};
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.stalled = { promise, release };
  }

  resume(): void {
    this.stalled?.release();
    this.stalled = undefined;
  }

  /**
   * Resets every open connection and every new one until {@link heal}: a network cut.
   * @returns how many open connections (client and server sides) were reset
   */
  cut(): number {
    this.isCut = true;
    const open = this.sockets.size;
    for (const socket of this.sockets) socket.resetAndDestroy();
    return open;
  }

  heal(): void {
    this.isCut = false;
  }

  async close(): Promise<void> {
    this.resume();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private accept(client: Socket): void {
    this.connections++;
    if (this.isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => {
        this.sockets.delete(socket);
        // One side gone: the other goes too, as a reset, so neither end waits on a half-open pair.
        const other = socket === client ? upstream : client;
        if (!other.destroyed) other.resetAndDestroy();
      });
      socket.on('error', () => undefined);
    }
    this.pipe(client, upstream);
    this.pipe(upstream, client);
  }

  /** Forwards `from` to `to` through one ordered queue, so latency and stalls never reorder bytes. */
  private pipe(from: Socket, to: Socket): void {
    let queue = Promise.resolve();
    let queued = 0;
    from.on('data', (chunk: Buffer) => {
      const arrivedAt = performance.now();
      queued++;
      // Backpressure: a long stall must not buffer without bound here; the sender's TCP buffers hold the rest.
      if (queued > 64) from.pause();
      queue = queue.then(async () => {
        if (this.stalled !== undefined) await this.stalled.promise;
        const wait = this.latencyMs - (performance.now() - arrivedAt);
        if (wait > 0) await sleep(wait);
        if (!to.destroyed) to.write(chunk);
        queued--;
        if (queued <= 16 && from.isPaused()) from.resume();
      });
    });
  }
}
