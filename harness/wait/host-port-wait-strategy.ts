import { connect } from 'node:net';
import type { Deadline } from '../core/deadline.ts';
import { pollUntil } from '../core/deadline.ts';
import { AbstractWaitStrategy, type WaitTarget } from './wait-strategy.ts';

/** Resolves when a TCP connection to `host:port` succeeds. */
function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Ready when every listed port (default: all of the target's ports) accepts TCP connections. */
export class HostPortWaitStrategy extends AbstractWaitStrategy {
  private readonly ports: readonly number[] | undefined;

  constructor(ports?: readonly number[]) {
    super();
    this.ports = ports;
  }

  describe(): string {
    return this.ports ? `TCP ports ${this.ports.join(', ')}` : 'its TCP ports';
  }

  async waitUntilReady(target: WaitTarget, deadline?: Deadline): Promise<void> {
    const ports = this.ports ?? target.ports;
    await pollUntil(
      async () => {
        const results = await Promise.all(ports.map((port) => canConnect(target.host, port)));
        return results.every(Boolean) ? true : undefined;
      },
      {
        description: `${target.name} to accept TCP on ${target.host}:${ports.join(',')}`,
        deadline: this.deadlineFor(target, deadline),
        signal: target.signal,
      },
    );
  }
}
