import { createServer, type Server } from 'node:net';
import { HarnessError } from './harness-error.ts';

/**
 * Ports this process has handed out. The kernel may give a port that was just released to the next
 * caller, so two servers started at once (both profiles come up in parallel) could be handed the
 * same one; a port is therefore never handed out twice by one process. Handed-out ports stay
 * taken: a stopped server that restarts keeps its port.
 */
const handedOut = new Set<number>();

/** Rounds of binding before giving up; each replaces the ports that were handed out already. */
const MAX_ROUNDS = 20;

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the kernel gave no port');
  return address.port;
}

/**
 * Several distinct free TCP ports on 127.0.0.1, none handed out before by this process. The ports
 * are released before they are returned, so the servers started right after can take them; a
 * collision with another process is rare and surfaces as a failed start.
 */
export async function getFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  const held: Server[] = [];
  try {
    for (let round = 0; ports.length < count && round < MAX_ROUNDS; round++) {
      // All are held until every one is known, so the kernel cannot give one of them twice.
      const servers = await Promise.all(Array.from({ length: count - ports.length }, listenOnFreePort));
      held.push(...servers);
      for (const server of servers) {
        const port = portOf(server);
        // Reserved at once (no await in between), so that concurrent callers never share one.
        if (handedOut.has(port)) continue;
        handedOut.add(port);
        ports.push(port);
      }
    }
  } finally {
    await Promise.all(held.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
  if (ports.length < count) throw new HarnessError('START_FAILED', `could not find ${count} free ports on 127.0.0.1`);
  return ports;
}

/** A free TCP port on 127.0.0.1 that this process has not handed out before (see {@link getFreePorts}). */
export async function getFreePort(): Promise<number> {
  const [port] = await getFreePorts(1);
  return port!;
}
