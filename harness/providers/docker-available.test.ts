import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isDockerAvailable } from './docker-available.ts';

describe('isDockerAvailable', () => {
  it('answers no at once when the socket does not exist', async () => {
    const started = Date.now();
    expect(await isDockerAvailable({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('answers yes when an engine answers /_ping, no when nothing listens', async () => {
    const server = createServer((req, res) => res.writeHead(req.url === '/_ping' ? 200 : 404).end('OK'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(await isDockerAvailable({ DOCKER_HOST: `tcp://127.0.0.1:${port}` })).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await isDockerAvailable({ DOCKER_HOST: `tcp://127.0.0.1:${port}` })).toBe(false);
  });
});
