import { createServer } from 'node:net';

/**
 * A TCP port on `host` that was free a moment ago. Another process may take it before the caller
 * binds it; callers that cannot retry should bind port 0 themselves instead.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error(`could not read a free port on ${host}`);
  return address.port;
}
