import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../core/free-port.ts';
import { createTestHome } from '../test-support/test-home.ts';
import { CertificateAuthority } from '../tls/certificate-authority.ts';
import { Wait } from './wait.ts';
import type { WaitTarget } from './wait-strategy.ts';

const home = createTestHome('wait');
afterAll(() => home.remove());

async function listen(server: Server): Promise<number> {
  const port = await getFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return port;
}

/** Answers each request with the next status of `statuses`, then with the last one. */
function statusSequence(statuses: number[]): RequestListener {
  let next = 0;
  return (_request, response) => {
    response.statusCode = statuses[Math.min(next++, statuses.length - 1)]!;
    response.end();
  };
}

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

  it('forProbe retries attempts that fail with a connect timeout, as a loaded machine gives them', async () => {
    let attempts = 0;
    await Wait.forProbe('SELECT 1', async () => {
      attempts++;
      if (attempts <= 2) {
        await delay(300);
        // pg's own wording when connectionTimeoutMillis passes
        throw new Error('timeout expired');
      }
    })
      .withStartupTimeout(10_000)
      .waitUntilReady(target());
    expect(attempts).toBe(3);
  });

  it('forProbe abandons an attempt that hangs and tries again', async () => {
    let attempts = 0;
    await Wait.forProbe('an AMQP handshake', async () => {
      attempts++;
      if (attempts <= 2) await new Promise(() => undefined);
    })
      .withAttemptTimeout(200)
      .withStartupTimeout(10_000)
      .waitUntilReady(target());
    expect(attempts).toBe(3);
  });

  it('past its timeout a wait goes on while the target makes progress, and ends once it stalls', async () => {
    let ticks = 0;
    const progressing = setInterval(() => ticks++, 20);
    try {
      let probed = 0;
      await Wait.forProbe('a slow start', async () => ++probed * 150 >= 900)
        .withStartupTimeout(300)
        .waitUntilReady(target({ progress: () => ticks }));
      expect(probed).toBeGreaterThanOrEqual(6);
    } finally {
      clearInterval(progressing);
    }
    const error = await Wait.forProbe('a hung start', async () => false)
      .withStartupTimeout(300)
      .waitUntilReady(target({ progress: () => ticks }))
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error).toMatchObject({ code: 'WAIT_TIMEOUT' });
    expect(error?.message).toMatch(/^timed out after 0\.\d s waiting for thing: a hung start/);
  });

  it('forHttp waits for the status asked for', async () => {
    const server = createHttpServer(statusSequence([503, 404, 200]));
    const port = await listen(server);
    try {
      await Wait.forHttp('/health/ready')
        .forStatusCode(200)
        .withStartupTimeout(5_000)
        .waitUntilReady(target({ ports: [port] }));
      const error = await Wait.forHttp('/health/ready', port)
        .forStatusCodeMatching((status) => status === 204, '204')
        .withStartupTimeout(300)
        .waitUntilReady(target())
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(error?.message).toMatch(
        new RegExp(
          `waiting for thing to answer GET http://127.0.0.1:${port}/health/ready with 204: last attempt said: HTTP 200$`,
        ),
      );
    } finally {
      server.close();
    }
  });

  it('forHttp over TLS verifies the certificate against the given CA', async () => {
    const ca = await CertificateAuthority.create(home.runDir('ca'));
    const files = ca.installServerCertificate(home.runDir('tls'));
    const server = createHttpsServer(
      { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) },
      statusSequence([200]),
    );
    const port = await listen(server);
    try {
      await Wait.forHttp('/')
        .usingTls(ca.caFile)
        .withStartupTimeout(5_000)
        .waitUntilReady(target({ ports: [port] }));
      const untrusted = await Wait.forHttp('/')
        .usingTls()
        .withStartupTimeout(300)
        .waitUntilReady(target({ ports: [port] }))
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(untrusted?.message).toMatch(/last attempt said: .*(certificate|self.signed)/i);
    } finally {
      server.close();
    }
  });
});
