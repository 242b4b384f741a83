import { readFile } from 'node:fs/promises';
import { renderNginxTemplate } from '../../../services/frontend/nginx/render-template.ts';
import type { ComposeLocation, ComposeRoutes, RouteTarget } from '../routes.ts';

/**
 * The compose proxy's routes: the frontend's nginx template rendered with the frontend service's
 * compose environment (as the image's envsubst step renders it), its `location` blocks read as
 * routes. An upstream's `server host:port` names the compose service it proxies to.
 */
export async function readComposeRoutes(
  templateFile: string,
  environment: Readonly<Record<string, string>>,
): Promise<ComposeRoutes> {
  return parseComposeRoutes(renderNginxTemplate(await readFile(templateFile, 'utf8'), environment));
}

/** Reads the routes of a rendered nginx server config (locations hold no nested blocks here). */
export function parseComposeRoutes(config: string): ComposeRoutes {
  // One pass, as nginx reads it: a quoted string may hold `#` and braces (`return 400 '{"type":
  // "about:blank#..."}'`), a comment may hold quotes. Single-quoted bodies are emptied, comments dropped.
  const text = config.replace(/'[^'\n]*'|"[^"\n]*"|#[^\n]*/g, (token) =>
    token.startsWith('#') ? '' : token.startsWith("'") ? "''" : token,
  );
  const upstreams = new Map<string, string>();
  for (const [, name, body] of text.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)) {
    const server = /server\s+([^\s:;]+)/.exec(body!)?.[1];
    if (server !== undefined) upstreams.set(name!, server);
  }
  const locations: ComposeLocation[] = [];
  let spaFallback: string | null = null;
  for (const [, modifier, path, body] of text.matchAll(/location\s+(=|\^~|~\*?)?\s*("[^"]*"|\S+)\s*\{([^}]*)\}/g)) {
    // An internal location (an error page) is reached only by nginx's own redirects, never by a client.
    if (/(^|[\s;{])internal\s*;/.test(body!)) continue;
    const target = locationTarget(body!, upstreams);
    if (target === undefined) continue;
    const match = modifier === '=' ? 'exact' : modifier?.startsWith('~') ? 'regex' : 'prefix';
    locations.push({ match, path: path!.replace(/^"|"$/g, ''), target });
    const tryFiles = /try_files\s+([^;]+);/.exec(body!)?.[1]?.trim();
    if (tryFiles !== undefined && /\s\/\S*index\.html$/.test(tryFiles)) spaFallback = `try_files ${tryFiles}`;
  }
  return { locations, spaFallback };
}

function locationTarget(body: string, upstreams: ReadonlyMap<string, string>): RouteTarget | undefined {
  const proxy = /proxy_pass\s+https?:\/\/([^/;:\s]+)/.exec(body)?.[1];
  if (proxy !== undefined) return { kind: 'service', service: upstreams.get(proxy) ?? proxy };
  const returned = /return\s+(\d{3})/.exec(body)?.[1];
  if (returned !== undefined) {
    const status = Number(returned);
    return status >= 300 && status < 400 ? { kind: 'redirect', status } : { kind: 'fixed', status };
  }
  if (/try_files|root|alias/.test(body)) return { kind: 'site' };
  return undefined;
}
