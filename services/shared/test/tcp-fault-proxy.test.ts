import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TcpFaultProxy } from './tcp-fault-proxy.ts';

let echo: Server;
let echoPort: number;
beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket).on('error', () => undefined));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

async function open(proxy: TcpFaultProxy): Promise<Socket> {
  const socket = connect(proxy.getPort(), '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** Sends `text` and resolves with what came back once it all did. */
function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString();
      if (received.length >= text.length) {
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData).once('error', reject);
    socket.write(text);
  });
}

/** Whether the socket is closed or reset within `ms`. */
function closesWithin(socket: Socket, ms: number): Promise<boolean> {
  return Promise.race([
    new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)).once('error', () => resolve(true))),
    sleep(ms).then(() => false),
  ]);
}

describe('TcpFaultProxy', () => {
  test('forwards bytes both ways unchanged', async () => {
    await using proxy = await TcpFaultProxy.start({ host: '127.0.0.1', port: echoPort });
    const socket = await open(proxy);
    expect(await roundTrip(socket, 'hello through the proxy')).toBe('hello through the proxy');
    socket.destroy();
  });

  test('latency holds each direction at least the given time', async () => {
    await using proxy = await TcpFaultProxy.start({ host: '127.0.0.1', port: echoPort });
    const socket = await open(proxy);
    proxy.setLatency(150);
    const begin = performance.now();
    expect(await roundTrip(socket, 'slow')).toBe('slow');
    // two legs of 150 ms each, less a timer's 1 ms granularity per leg
    expect(performance.now() - begin).toBeGreaterThanOrEqual(298);
    socket.destroy();
  });

  test('a stall holds the bytes on an open connection until resumed', async () => {
    await using proxy = await TcpFaultProxy.start({ host: '127.0.0.1', port: echoPort });
    const socket = await open(proxy);
    proxy.stall();
    const answer = roundTrip(socket, 'held');
    const early = await Promise.race([answer, sleep(300).then(() => 'nothing yet')]);
    expect(early).toBe('nothing yet');
    expect(socket.destroyed).toBe(false);
    proxy.resume();
    expect(await answer).toBe('held');
    socket.destroy();
  });

  test('a cut resets open connections and refuses new ones until healed', async () => {
    await using proxy = await TcpFaultProxy.start({ host: '127.0.0.1', port: echoPort });
    const socket = await open(proxy);
    const closed = closesWithin(socket, 5_000);
    proxy.cut();
    expect(await closed).toBe(true);
    const during = connect(proxy.getPort(), '127.0.0.1');
    expect(await closesWithin(during, 5_000)).toBe(true);
    proxy.heal();
    const after = await open(proxy);
    expect(await roundTrip(after, 'back')).toBe('back');
    after.destroy();
  });
});
