import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP forwarder whose live connections a test can cut, to simulate a broker dropping clients. */
export interface TcpProxy extends AsyncDisposable {
  readonly port: number;
  /** Destroys every open connection; new connections still pass. */
  cutAll(): number;
}

/** Starts a forwarder on a free 127.0.0.1 port towards `targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    cutAll() {
      const count = sockets.size;
      for (const s of sockets) s.destroy();
      return count;
    },
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
