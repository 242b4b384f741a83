import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { interpolate, type InterpolationEnv } from './compose-interpolation.ts';
import { validateComposeDocument } from './compose-schema.ts';
import { HarnessError } from '../../core/harness-error.ts';

/** A compose file that cannot be used; `code` is stable. */
export class ComposeFileError extends HarnessError {
  declare readonly code: 'COMPOSE_YAML_INVALID' | 'COMPOSE_SCHEMA_INVALID' | 'COMPOSE_SERVICE_UNKNOWN';

  constructor(code: ComposeFileError['code'], message: string) {
    super(code, message);
    this.name = 'ComposeFileError';
  }
}

/** One service of a compose project, reduced to what the launcher runs it with. */
export interface ComposeService {
  readonly name: string;
  readonly image?: string;
  /** The container environment after interpolation; variables without a value and not in the host env are absent. */
  readonly environment: Readonly<Record<string, string>>;
  /** Container ports the service publishes or exposes (target side). */
  readonly containerPorts: readonly number[];
  /** The full interpolated service definition, for callers that need more. */
  readonly definition: Readonly<Record<string, unknown>>;
}

/** A parsed, interpolated and schema-validated compose project. */
export interface ComposeProject {
  readonly services: Readonly<Record<string, ComposeService>>;
  /** Variables that were referenced but unset (each became an empty string, as compose does). */
  readonly unsetVariables: readonly string[];
}

/** Reads and parses a compose file; see {@link parseComposeText}. */
export async function loadComposeFile(path: string, env: InterpolationEnv): Promise<ComposeProject> {
  return parseComposeText(await readFile(path, 'utf8'), env, path);
}

/**
 * Parses compose YAML the way `docker compose config` does for what the launcher needs:
 * YAML -> interpolation of every string value (keys are never interpolated) -> validation
 * against the compose-spec schema -> per-service environment in either map or list form.
 */
export function parseComposeText(text: string, env: InterpolationEnv, source = 'docker-compose.yml'): ComposeProject {
  const document = parseDocument(text, { merge: true });
  if (document.errors.length > 0) {
    throw new ComposeFileError(
      'COMPOSE_YAML_INVALID',
      `${source}: ${document.errors.map((e) => e.message).join('; ')}`,
    );
  }
  const unset = new Set<string>();
  const interpolated = interpolateTree(document.toJS({ maxAliasCount: 100 }), env, (name) => unset.add(name));
  const problems = validateComposeDocument(interpolated);
  if (problems.length > 0) {
    throw new ComposeFileError(
      'COMPOSE_SCHEMA_INVALID',
      `${source} does not match the compose spec:\n  ${problems.join('\n  ')}`,
    );
  }
  const services = (interpolated as { services?: Record<string, Record<string, unknown>> }).services ?? {};
  return {
    services: Object.fromEntries(
      Object.entries(services).map(([name, definition]) => [name, toService(name, definition, env)]),
    ),
    unsetVariables: [...unset],
  };
}

/** Looks a service up by name, with an error naming the ones that exist. */
export function getComposeService(project: ComposeProject, name: string): ComposeService {
  const service = project.services[name];
  if (service === undefined) {
    const known = Object.keys(project.services).join(', ');
    throw new ComposeFileError(
      'COMPOSE_SERVICE_UNKNOWN',
      `no service '${name}' in the compose file (it has: ${known})`,
    );
  }
  return service;
}

function interpolateTree(value: unknown, env: InterpolationEnv, onUnset: (name: string) => void): unknown {
  if (typeof value === 'string') return interpolate(value, env, { onUnset });
  if (Array.isArray(value)) return value.map((item) => interpolateTree(item, env, onUnset));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, env, onUnset)]));
  }
  return value;
}

function toService(name: string, definition: Record<string, unknown>, env: InterpolationEnv): ComposeService {
  return {
    name,
    image: typeof definition.image === 'string' ? definition.image : undefined,
    environment: normalizeEnvironment(definition.environment, env),
    containerPorts: containerPorts(definition),
    definition,
  };
}

/**
 * Compose's two environment forms: a map (`KEY: value`, where a null value means "take it
 * from the host env, else leave it unset") and a list (`KEY=value`, or a bare `KEY` with
 * the same meaning as null). Numbers and booleans become their YAML text.
 */
export function normalizeEnvironment(raw: unknown, hostEnv: InterpolationEnv): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown): void => {
    if (value === null || value === undefined) {
      const fromHost = hostEnv[key];
      if (fromHost !== undefined) out[key] = fromHost;
      return;
    }
    out[key] = String(value);
  };
  if (Array.isArray(raw)) {
    for (const item of raw as string[]) {
      const eq = item.indexOf('=');
      if (eq === -1) put(item, null);
      else put(item.slice(0, eq), item.slice(eq + 1));
    }
  } else if (raw !== null && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw)) put(key, value);
  }
  return out;
}

function containerPorts(definition: Record<string, unknown>): number[] {
  const ports = new Set<number>();
  const add = (value: unknown): void => {
    const port = Number(value);
    if (Number.isInteger(port) && port > 0) ports.add(port);
  };
  for (const entry of (definition.ports as unknown[] | undefined) ?? []) {
    if (typeof entry === 'object' && entry !== null) add((entry as { target?: unknown }).target);
    // Short syntax: [host_ip:][host:]container[/proto]; the container side is the last segment.
    else add(String(entry).split('/')[0]!.split(':').pop());
  }
  for (const entry of (definition.expose as unknown[] | undefined) ?? []) add(String(entry).split('/')[0]);
  return [...ports];
}
