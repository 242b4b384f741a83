import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../core/run-dir.ts';
import { frontendTemplatePath } from '../launch/index.ts';
import { parseComposeRoutes, readComposeRoutes } from './facts/compose-routes.ts';
import { compareRoutes, type AwsRoutes, type ComposeRoutes } from './routes.ts';

const FRONTEND_ENV = {
  NGINX_PORT: '8080',
  AUTH_UPSTREAM: 'auth:3001',
  CASHFLOW_UPSTREAM: 'cashflow:3002',
  CONSOLIDATED_UPSTREAM: 'consolidated:3003',
  SPA_ROOT: '/srv/spa',
};

/** The routes the deployed target has: /api/* to the ALB, one rule per service, 404 by default. */
function deployed(change: (routes: AwsRoutes) => AwsRoutes = (r) => r): AwsRoutes {
  return change({
    behaviours: [{ pathPattern: '/api/*', origin: 'alb' }],
    defaultOrigin: 'bucket',
    listenerRules: [
      { priority: 10, pathPatterns: ['/api/auth/*'], target: { kind: 'service', service: 'auth' } },
      { priority: 20, pathPatterns: ['/api/cashflow/*'], target: { kind: 'service', service: 'cashflow' } },
      { priority: 30, pathPatterns: ['/api/consolidated/*'], target: { kind: 'service', service: 'consolidated' } },
      { priority: 'default', pathPatterns: [], target: { kind: 'fixed', status: 404 } },
    ],
    spaFallback: 'viewer-request function SpaFallback',
  });
}

async function composeRoutes(): Promise<ComposeRoutes> {
  return readComposeRoutes(frontendTemplatePath(REPO_ROOT), FRONTEND_ENV);
}

const summary = (findings: ReturnType<typeof compareRoutes>) => findings.map((f) => `${f.code} ${f.subject}`);

describe('compose proxy routes', () => {
  test("reads the frontend template's locations, upstreams resolved to compose services", async () => {
    const routes = await composeRoutes();
    expect(routes.locations).toEqual([
      { match: 'exact', path: '/healthz', target: { kind: 'fixed', status: 200 } },
      { match: 'prefix', path: '/api/auth/', target: { kind: 'service', service: 'auth' } },
      { match: 'prefix', path: '/api/cashflow/', target: { kind: 'service', service: 'cashflow' } },
      { match: 'prefix', path: '/api/consolidated/', target: { kind: 'service', service: 'consolidated' } },
      { match: 'prefix', path: '/api/', target: { kind: 'fixed', status: 404 } },
      { match: 'prefix', path: '/assets/', target: { kind: 'site' } },
      { match: 'prefix', path: '/', target: { kind: 'site' } },
    ]);
    expect(routes.spaFallback).toBe('try_files $uri $uri/ /index.html');
  });

  test('a regex location and a redirect are read too', () => {
    const routes = parseComposeRoutes('server { location ~ "^/old/.*$" { return 301 /new/; } }');
    expect(routes.locations).toEqual([
      { match: 'regex', path: '^/old/.*$', target: { kind: 'redirect', status: 301 } },
    ]);
    expect(routes.spaFallback).toBeNull();
  });
});

describe('compareRoutes', () => {
  test('the deployed routing matches the compose proxy, apart from its local health probe', async () => {
    expect(summary(compareRoutes({ compose: await composeRoutes(), aws: deployed() }))).toEqual([
      'ROUTE_MISSING /healthz',
    ]);
  });

  test('a service without a listener rule is ROUTE_MISSING, the ALB default answering instead', async () => {
    const aws = deployed((r) => ({ ...r, listenerRules: r.listenerRules.filter((rule) => rule.priority !== 20) }));
    const found = compareRoutes({ compose: await composeRoutes(), aws }).find((f) => f.subject === '/api/cashflow/*');
    expect(found).toMatchObject({ code: 'ROUTE_MISSING', compose: 'service cashflow', aws: 'fixed response 404' });
  });

  test('a rule forwarding to another service is ROUTE_DRIFT', async () => {
    const aws = deployed((r) => ({
      ...r,
      listenerRules: r.listenerRules.map((rule) =>
        rule.priority === 30 ? { ...rule, target: { kind: 'service', service: 'cashflow' } } : rule,
      ),
    }));
    const found = compareRoutes({ compose: await composeRoutes(), aws }).find(
      (f) => f.subject === '/api/consolidated/*',
    );
    expect(found).toMatchObject({ code: 'ROUTE_DRIFT', compose: 'service consolidated', aws: 'service cashflow' });
  });

  test('a rule on the ALB that compose does not proxy is ROUTE_MISSING', async () => {
    const aws = deployed((r) => ({
      ...r,
      listenerRules: [
        { priority: 5, pathPatterns: ['/api/admin/*'], target: { kind: 'service', service: 'auth' } },
        ...r.listenerRules,
      ],
    }));
    expect(summary(compareRoutes({ compose: await composeRoutes(), aws }))).toContain('ROUTE_MISSING /api/admin/*');
  });

  test('/api/* served from the bucket instead of the ALB sends every service route to the SPA', async () => {
    const aws = deployed((r) => ({ ...r, behaviours: [] }));
    const found = summary(compareRoutes({ compose: await composeRoutes(), aws }));
    expect(found).toEqual(expect.arrayContaining(['ROUTE_MISSING /api/auth/*', 'ROUTE_DRIFT /api/*']));
  });

  test('a distribution without the SPA fallback is ROUTE_MISSING for client-side routes', async () => {
    const found = compareRoutes({
      compose: await composeRoutes(),
      aws: deployed((r) => ({ ...r, spaFallback: null })),
    });
    expect(found.find((f) => f.subject === 'SPA fallback')).toMatchObject({
      code: 'ROUTE_MISSING',
      compose: 'try_files $uri $uri/ /index.html',
      aws: null,
    });
  });
});
