import { existsSync } from 'node:fs';
import { request } from 'node:http';

/** The Docker socket a client would use: DOCKER_HOST (unix or tcp) or the default socket. */
function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): {
  socketPath?: string;
  host?: string;
  port?: number;
} {
  const dockerHost = env.DOCKER_HOST;
  if (dockerHost?.startsWith('tcp://')) {
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  if (dockerHost?.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  return { socketPath: '/var/run/docker.sock' };
}

/**
 * Whether a Docker engine answers `GET /_ping` within `timeoutMs`. A missing socket file answers
 * "no" at once, so `--provider auto` costs nothing on machines without Docker.
 */
export async function isDockerAvailable(env: NodeJS.ProcessEnv = process.env, timeoutMs = 1_000): Promise<boolean> {
  const endpoint = dockerEndpoint(env);
  if (endpoint.socketPath && !existsSync(endpoint.socketPath)) return false;
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}
