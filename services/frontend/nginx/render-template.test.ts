import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderNginxTemplate, unresolvedTemplateVariables } from './render-template.ts';

const ENVSUBST = '/usr/bin/envsubst';

/** What the nginx image's 20-envsubst-on-templates.sh runs, for comparison. */
function imageEnvsubst(template: string, env: Record<string, string>): string {
  const filter = env.NGINX_ENVSUBST_FILTER ? new RegExp(env.NGINX_ENVSUBST_FILTER) : undefined;
  const names = Object.keys(env).filter((name) => filter === undefined || filter.test(name));
  const result = spawnSync(ENVSUBST, [names.map((name) => `\${${name}}`).join(' ')], {
    input: template,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`envsubst failed: ${result.stderr}`);
  return result.stdout;
}

describe('renderNginxTemplate', () => {
  it('substitutes defined variables and leaves nginx variables alone', () => {
    const rendered = renderNginxTemplate('server ${AUTH_UPSTREAM}; proxy_set_header Host $host;', {
      AUTH_UPSTREAM: 'auth:3001',
    });
    expect(rendered).toBe('server auth:3001; proxy_set_header Host $host;');
  });

  it('leaves undefined variables as written, so they can be reported', () => {
    const rendered = renderNginxTemplate('listen ${NGINX_PORT}; root ${SPA_ROOT};', { NGINX_PORT: '8080' });
    expect(rendered).toBe('listen 8080; root ${SPA_ROOT};');
    expect(unresolvedTemplateVariables(rendered)).toEqual(['SPA_ROOT']);
  });

  it('honours NGINX_ENVSUBST_FILTER like the image does', () => {
    const rendered = renderNginxTemplate('${NGINX_PORT} ${OTHER}', {
      NGINX_PORT: '80',
      OTHER: 'x',
      NGINX_ENVSUBST_FILTER: '^NGINX_',
    });
    expect(rendered).toBe('80 ${OTHER}');
  });

  const cases: Array<[string, Record<string, string>]> = [
    ['plain $A and braced ${A} and ${A}B and $AB', { A: '1', AB: '2' }],
    ['$$A ${ ${A ${} $ ${1A} $_A ${_A}', { A: 'x', _A: 'y' }],
    ['empty ${E}| unknown ${NOPE} $NOPE trailing $', { E: '' }],
    ['filtered ${NGINX_PORT} ${SECRET}', { NGINX_PORT: '80', SECRET: 's', NGINX_ENVSUBST_FILTER: 'PORT' }],
  ];

  it.skipIf(!existsSync(ENVSUBST)).each(cases)('matches GNU envsubst on %j', (template, env) => {
    expect(renderNginxTemplate(template, env)).toBe(imageEnvsubst(template, env));
  });

  it.skipIf(!existsSync(ENVSUBST))('matches GNU envsubst on the frontend template', async () => {
    const template = await readFile(new URL('./templates/default.conf.template', import.meta.url), 'utf8');
    const env = {
      AUTH_UPSTREAM: 'auth:3001',
      CASHFLOW_UPSTREAM: 'cashflow:3002',
      CONSOLIDATED_UPSTREAM: 'consolidated:3003',
      NGINX_PORT: '8080',
      SPA_ROOT: '/usr/share/nginx/html',
      HOME: '/root',
    };
    const rendered = renderNginxTemplate(template, env);
    expect(rendered).toBe(imageEnvsubst(template, env));
    expect(unresolvedTemplateVariables(rendered)).toEqual([]);
    expect(rendered).toContain('server auth:3001;');
    expect(rendered).toContain('proxy_set_header Host $host;');
  });
});
