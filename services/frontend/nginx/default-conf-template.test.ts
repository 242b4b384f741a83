import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { getFreePort } from '../../../harness/core/free-port.ts';
import { startFrontendRouter, type StartedServiceProcess } from '../../../harness/launch/index.ts';

const TEMPLATE = fileURLToPath(new URL('./templates/default.conf.template', import.meta.url));

/** A stand-in service that echoes the path nginx forwarded, so prefix handling is observable. */
async function echoUpstream(name: string): Promise<Server> {
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ service: name, url: request.url, connection: request.headers.connection ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const upstreamAddress = (server: Server): string => `127.0.0.1:${(server.address() as AddressInfo).port}`;

/** The template as the harness's compose profile runs it, with the machine's nginx. */
async function startTemplate(environment: Record<string, string>, site: string, runDir: string) {
  return startFrontendRouter({
    templatePath: TEMPLATE,
    environment,
    siteRoot: site,
    host: '127.0.0.1',
    port: await getFreePort(),
    name: 'frontend',
    runDir,
    logger: pino({ level: 'warn' }),
  });
}

describe('frontend nginx template, run natively', () => {
  const upstreams: Server[] = [];
  let site: string;
  let runDir: string;
  let nginx: StartedServiceProcess;

  beforeAll(async () => {
    site = await mkdtemp(join(tmpdir(), 'spa-'));
    // nginx workers run as nobody when the tests run as root.
    await chmod(site, 0o755);
    await mkdir(join(site, 'assets'));
    await writeFile(join(site, 'index.html'), '<!doctype html><title>spa</title>');
    await writeFile(join(site, 'assets', 'app-1234.js'), 'export {};');
    runDir = await mkdtemp(join(tmpdir(), 'nginx-template-'));
    await chmod(runDir, 0o755);
    for (const name of ['auth', 'cashflow', 'consolidated']) upstreams.push(await echoUpstream(name));
    nginx = await startTemplate(
      {
        AUTH_UPSTREAM: upstreamAddress(upstreams[0]!),
        CASHFLOW_UPSTREAM: upstreamAddress(upstreams[1]!),
        CONSOLIDATED_UPSTREAM: upstreamAddress(upstreams[2]!),
      },
      site,
      runDir,
    );
  });

  afterAll(async () => {
    await nginx?.stop();
    for (const server of upstreams) await new Promise((resolve) => server.close(resolve));
    await rm(site, { recursive: true, force: true });
    await rm(runDir, { recursive: true, force: true });
  });

  it.each([
    ['auth', '/api/auth/token'],
    ['cashflow', '/api/cashflow/entries?date=2026-01-02'],
    ['consolidated', '/api/consolidated/balances/2026-01-02'],
  ])('proxies to %s keeping the /api prefix and keep-alive', async (service, path) => {
    const response = await fetch(new URL(path, nginx.getUrl()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ service, url: path, connection: null });
  });

  it('serves index.html for client-side routes', async () => {
    const response = await fetch(new URL('/reports/2026', nginx.getUrl()));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>spa</title>');
  });

  it('serves fingerprinted assets with a long cache and their type', async () => {
    const response = await fetch(new URL('/assets/app-1234.js', nginx.getUrl()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('answers a missing asset with 404 instead of the SPA', async () => {
    expect((await fetch(new URL('/assets/missing.js', nginx.getUrl()))).status).toBe(404);
  });

  it('answers unknown /api paths with a problem, not the SPA', async () => {
    const response = await fetch(new URL('/api/nope/x', nginx.getUrl()));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('refuses to start when the template has a variable without a value', async () => {
    await expect(startTemplate({}, site, runDir)).rejects.toThrow(
      /no value for AUTH_UPSTREAM, CASHFLOW_UPSTREAM, CONSOLIDATED_UPSTREAM/,
    );
  });
});
