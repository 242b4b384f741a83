import { spawn, type ChildProcess } from 'node:child_process';
import { getFreePort } from './free-port.ts';
import { waitForHttp } from './wait-for-http.ts';

/** A moto server started for one test file (its own port, so files never share state). */
export interface MotoTestServer extends AsyncDisposable {
  readonly endpoint: string;
  readonly clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
}

/** Starts `moto_server` on a free port and waits until it answers. */
export async function startMotoTestServer(): Promise<MotoTestServer> {
  const port = await getFreePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let ended = false;
  void exited.then(() => (ended = true));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (ended) return;
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForHttp(new URL('/moto-api/', endpoint), {
      timeoutMs: 30_000,
      accept: () => true,
      abortReason: () => (ended ? 'moto_server exited' : undefined),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    },
    [Symbol.asyncDispose]: stop,
  };
}
