/** Environment as the nginx image's entrypoint sees it: only defined names take part. */
export type TemplateEnvironment = Readonly<Record<string, string | undefined>>;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Renders an nginx template the way the official nginx image does at start
 * (`/docker-entrypoint.d/20-envsubst-on-templates.sh`): it runs GNU `envsubst` restricted to the
 * names of the variables that are defined, optionally only those matching the regular expression
 * in `NGINX_ENVSUBST_FILTER`. So `${NAME}` and `$NAME` of a defined name become its value;
 * everything else, including nginx's own `$host` style variables, is left exactly as written.
 */
export function renderNginxTemplate(template: string, env: TemplateEnvironment): string {
  const filterSource = env.NGINX_ENVSUBST_FILTER;
  const filter = filterSource ? new RegExp(filterSource) : undefined;
  const substitutable = (name: string): boolean =>
    env[name] !== undefined && Object.hasOwn(env, name) && (filter === undefined || filter.test(name));

  let output = '';
  let index = 0;
  while (index < template.length) {
    const dollar = template.indexOf('$', index);
    if (dollar === -1) {
      output += template.slice(index);
      break;
    }
    output += template.slice(index, dollar);
    let cursor = dollar + 1;
    const braced = template[cursor] === '{';
    if (braced) cursor += 1;
    if (cursor >= template.length || !NAME_START.test(template[cursor]!)) {
      // Not a reference: envsubst copies what it read so far and carries on after it.
      output += template.slice(dollar, cursor);
      index = cursor;
      continue;
    }
    const nameStart = cursor;
    while (cursor < template.length && NAME_CHAR.test(template[cursor]!)) cursor += 1;
    const name = template.slice(nameStart, cursor);
    if (braced) {
      if (template[cursor] !== '}') {
        output += template.slice(dollar, cursor);
        index = cursor;
        continue;
      }
      cursor += 1;
    }
    output += substitutable(name) ? env[name] : template.slice(dollar, cursor);
    index = cursor;
  }
  return output;
}

/** Names still written as `${NAME}` after rendering: variables the environment did not define. */
export function unresolvedTemplateVariables(rendered: string): string[] {
  return [...new Set([...rendered.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!))];
}
