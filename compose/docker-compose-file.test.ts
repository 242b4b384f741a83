import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ComposeFileError, parseComposeText, type ComposeProject } from '../harness/launch/index.ts';
import { renderNginxTemplate, unresolvedTemplateVariables } from '../services/frontend/nginx/render-template.ts';
import { APP_SERVICES, documentedVariables, type AppService } from './documented-variables.ts';

const ROOT = join(import.meta.dirname, '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const BACKING = ['postgres', 'rabbitmq', 'redis'];
const DEFAULT_PORTS: Record<AppService, string> = { auth: '3001', cashflow: '3002', consolidated: '3003' };

/** Variables each service cannot start without, per docs/configuration.md. */
const REQUIRED: Record<AppService, string[]> = {
  auth: ['DATABASE_URL', 'JWT_SIGNING_KEY', 'PORT'],
  cashflow: ['DATABASE_URL', 'AMQP_URL', 'REDIS_URL', 'JWT_SIGNING_KEY', 'PORT'],
  consolidated: ['DATABASE_URL', 'AMQP_URL', 'REDIS_URL', 'JWT_SIGNING_KEY', 'PORT'],
};

type ServiceDefinition = Record<string, unknown> & {
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  healthcheck?: { test?: unknown };
  depends_on?: Record<string, { condition: string }>;
  image?: string;
};

let text: string;
let project: ComposeProject;

function definition(name: string): ServiceDefinition {
  return project.services[name]!.definition as ServiceDefinition;
}

/** A parsed compose document that tests deliberately break; loosely typed on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EditableDocument = Record<string, any>;

function brokenCopy(edit: (document: EditableDocument) => void): string {
  const document = parse(text, { merge: true }) as EditableDocument;
  edit(document);
  return JSON.stringify(document);
}

beforeAll(async () => {
  text = await readFile(COMPOSE_FILE, 'utf8');
  project = parseComposeText(text, {}, COMPOSE_FILE);
});

describe('docker-compose.yml against the compose-spec schema', () => {
  it('has the backing servers, the three services and the frontend', () => {
    expect(Object.keys(project.services).sort()).toEqual([...BACKING, ...APP_SERVICES, 'frontend'].sort());
  });

  it.each([
    ['a misspelt service key', (d: EditableDocument) => (d.services.auth.environmnt = d.services.auth.environment)],
    [
      'an unknown depends_on condition',
      (d: EditableDocument) => (d.services.auth.depends_on.postgres.condition = 'healthy'),
    ],
    ['a healthcheck with an unknown field', (d: EditableDocument) => (d.services.redis.healthcheck.command = 'ping')],
    ['a service that is a list', (d: EditableDocument) => (d.services.redis = ['redis'])],
  ])('rejects a copy with %s', (_what, edit) => {
    // JSON is YAML, so the broken copy goes through the same parser the harness uses.
    const attempt = (): unknown => parseComposeText(brokenCopy(edit), {}, 'broken.yml');
    expect(attempt).toThrow(ComposeFileError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'COMPOSE_SCHEMA_INVALID' }));
  });
});

describe('docker-compose.yml wiring', () => {
  it.each(APP_SERVICES)('%s is built from the services Dockerfile for itself and has a healthcheck', (name) => {
    const service = definition(name);
    expect(service.build?.context).toBe('.');
    expect(service.build?.dockerfile).toBe('services/Dockerfile');
    expect(service.build?.args).toEqual({ SERVICE: name, PORT: DEFAULT_PORTS[name] });
    expect(existsSync(join(ROOT, service.build!.dockerfile!))).toBe(true);
    expect(service.healthcheck?.test).toBeDefined();
  });

  it('frontend is built from its own Dockerfile and has a healthcheck', () => {
    const service = definition('frontend');
    expect(service.build?.context).toBe('.');
    expect(service.build?.dockerfile).toBe('services/frontend/Dockerfile');
    expect(existsSync(join(ROOT, service.build!.dockerfile!))).toBe(true);
    expect(service.healthcheck?.test).toBeDefined();
  });

  it.each(BACKING)('%s has a healthcheck the services wait for', (name) => {
    expect(definition(name).healthcheck?.test).toBeDefined();
  });

  it.each(APP_SERVICES)('%s waits for healthy backing servers', (name) => {
    const needs = name === 'auth' ? ['postgres'] : BACKING;
    for (const server of needs) expect(definition(name).depends_on?.[server]?.condition).toBe('service_healthy');
  });

  it('pins every image: no latest, no missing tag', () => {
    for (const [name, service] of Object.entries(project.services)) {
      const image = service.image;
      if (image === undefined) continue;
      const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
      expect(tag, `${name} image ${image}`).not.toBe('');
      expect(tag, `${name} image ${image}`).not.toBe('latest');
      if (!BACKING.includes(name)) continue;
      expect(tag, `${name} image ${image} should name a version`).toMatch(/^\d+\.\d+/);
    }
  });

  it.each(APP_SERVICES)('%s uses the map form of environment with documented variables only', async (name) => {
    const raw = (parse(text, { merge: true }) as { services: Record<string, { environment: unknown }> }).services[
      name
    ]!;
    expect(Array.isArray(raw.environment)).toBe(false);
    const documented = await documentedVariables(join(ROOT, 'docs', 'configuration.md'));
    const undocumented = Object.keys(project.services[name]!.environment).filter(
      (variable) => !documented.get(variable)?.has(name),
    );
    expect(undocumented).toEqual([]);
    expect(Object.keys(project.services[name]!.environment)).toEqual(expect.arrayContaining(REQUIRED[name]));
    expect(project.services[name]!.environment.PORT).toBe(DEFAULT_PORTS[name]);
  });

  it('uses plain URLs for the backing servers, as compose does today', () => {
    for (const name of APP_SERVICES) {
      const env = project.services[name]!.environment;
      expect(new URL(env.DATABASE_URL!).protocol).toBe('postgres:');
      expect(new URL(env.DATABASE_URL!).pathname).toBe(`/${name}_db`);
      if (name === 'auth') continue;
      expect(env.AMQP_URL).toBe('amqp://guest:guest@rabbitmq:5672');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
  });

  it('takes secrets from the shell when set, else development defaults', () => {
    const key = 'k'.repeat(48);
    const overridden = parseComposeText(text, { JWT_SIGNING_KEY: key, DEMO_PASSWORD: 'from-shell' });
    for (const name of APP_SERVICES) {
      expect(overridden.services[name]!.environment.JWT_SIGNING_KEY).toBe(key);
      expect(project.services[name]!.environment.JWT_SIGNING_KEY!.length).toBeGreaterThanOrEqual(32);
    }
    expect(overridden.services.auth!.environment.DEMO_PASSWORD).toBe('from-shell');
    // Services must agree on the key, else tokens from auth are refused by the others.
    const keys = new Set(APP_SERVICES.map((name) => project.services[name]!.environment.JWT_SIGNING_KEY));
    expect(keys.size).toBe(1);
  });

  it('points the frontend upstreams at the services and their ports', () => {
    const env = project.services.frontend!.environment;
    expect(env).toMatchObject({
      AUTH_UPSTREAM: 'auth:3001',
      CASHFLOW_UPSTREAM: 'cashflow:3002',
      CONSOLIDATED_UPSTREAM: 'consolidated:3003',
      NGINX_PORT: '8080',
    });
    for (const name of APP_SERVICES)
      expect(project.services[name]!.containerPorts).toContain(Number(DEFAULT_PORTS[name]));
  });

  it('gives the nginx template a value for every variable (with the image ENV)', async () => {
    const template = await readFile(join(ROOT, 'services/frontend/nginx/templates/default.conf.template'), 'utf8');
    const dockerfile = await readFile(join(ROOT, 'services/frontend/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/ENV SPA_ROOT=\/usr\/share\/nginx\/html/);
    const rendered = renderNginxTemplate(template, {
      ...project.services.frontend!.environment,
      SPA_ROOT: '/usr/share/nginx/html',
    });
    expect(unresolvedTemplateVariables(rendered)).toEqual([]);
  });
});

const configModule = (name: AppService): string => join(ROOT, 'services', name, 'src', 'config.ts');

describe('service configuration accepts the compose environment', () => {
  // A service whose config module has not landed yet has nothing to check against.
  it.each(APP_SERVICES.filter((name) => existsSync(configModule(name))))('%s', async (name) => {
    const module = (await import(configModule(name))) as Record<string, unknown>;
    const load = Object.entries(module).find(([exported]) => /^load\w*Config$/.test(exported))?.[1];
    expect(typeof load, `services/${name}/src/config.ts exports a load*Config function`).toBe('function');
    const config = (load as (env: NodeJS.ProcessEnv) => { http: { port: number } })({
      ...project.services[name]!.environment,
    });
    expect(config.http.port).toBe(Number(DEFAULT_PORTS[name]));
  });
});
