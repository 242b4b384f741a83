import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getFreePort } from '../core/free-port.ts';
import { Wait } from './wait.ts';
import type { WaitTarget } from './wait-strategy.ts';

function target(overrides: Partial<WaitTarget> = {}): WaitTarget {
  return { name: 'thing', host: '127.0.0.1', ports: [], readLog: () => '', ...overrides };
}

describe('Wait', () => {
  it('forLogMessage resolves once the message appears the asked number of times', async () => {
    let log = 'starting\n';
    setTimeout(() => (log += 'ready\n'), 50);
    setTimeout(() => (log += 'ready\n'), 100);
    await Wait.forLogMessage('ready', 2)
      .withStartupTimeout(5_000)
      .waitUntilReady(target({ readLog: () => log }));
    expect(log.match(/ready/g)).toHaveLength(2);
  });

  it('a timeout names what was awaited and for how long', async () => {
    const error = await Wait.forLogMessage('never')
      .withStartupTimeout(300)
      .waitUntilReady(target())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WAIT_TIMEOUT' });
    expect((error as Error).message).toMatch(/^timed out after 0\.\d s waiting for thing to log never/);
  });

  it('forPort waits until the port accepts connections', async () => {
    const port = await getFreePort();
    const server = createServer((socket) => socket.end());
    setTimeout(() => server.listen(port, '127.0.0.1'), 100);
    try {
      await Wait.forPort()
        .withStartupTimeout(5_000)
        .waitUntilReady(target({ ports: [port] }));
      expect(server.listening).toBe(true);
    } finally {
      server.close();
    }
  });

  it('forAll shares one deadline and stops at the first failing strategy', async () => {
    let probed = 0;
    const error = await Wait.forAll([
      Wait.forProbe('a probe', async () => {
        probed++;
        return probed >= 2;
      }),
      Wait.forLogMessage('never'),
    ])
      .withStartupTimeout(500)
      .waitUntilReady(target())
      .catch((e: unknown) => e);
    expect(probed).toBe(2);
    expect((error as Error).message).toContain('waiting for thing to log never');
  });

  it('stops waiting at once when the target dies', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('thing exited with code 1')), 50);
    const started = Date.now();
    const error = await Wait.forLogMessage('never')
      .withStartupTimeout(30_000)
      .waitUntilReady(target({ signal: controller.signal }))
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('thing exited with code 1');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
