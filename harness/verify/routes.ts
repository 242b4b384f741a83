import { pathPatternToRegex } from '../launch/index.ts';
import { finding, type Finding } from './finding.ts';

export const ROUTES_CHECK = 'routes';

/** Where a gateway sends a request. */
export type RouteTarget =
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'fixed'; readonly status: number }
  | { readonly kind: 'redirect'; readonly status: number }
  | { readonly kind: 'site' };

/** One `location` of the compose proxy (the frontend's nginx config). */
export interface ComposeLocation {
  /** nginx's modifiers: `=` exact, none (or `^~`) prefix, `~`/`~*` regular expression. */
  readonly match: 'exact' | 'prefix' | 'regex';
  readonly path: string;
  readonly target: RouteTarget;
}

export interface ComposeRoutes {
  readonly locations: readonly ComposeLocation[];
  /** How compose serves client-side routes, e.g. `try_files $uri $uri/ /index.html`; null when it does not. */
  readonly spaFallback: string | null;
}

/** The deployed gateway: the distribution's behaviours in front of the bucket and the ALB's listener rules. */
export interface AwsRoutes {
  /** Cache behaviours in order, each to the bucket or to the ALB. */
  readonly behaviours: readonly { readonly pathPattern: string; readonly origin: 'bucket' | 'alb' }[];
  readonly defaultOrigin: 'bucket' | 'alb';
  /** The listener rules of the serving listener, the default rule with priority `default`. */
  readonly listenerRules: readonly {
    readonly priority: number | 'default';
    readonly pathPatterns: readonly string[];
    readonly target: RouteTarget;
  }[];
  /** What gives client-side routes the SPA (a viewer-request function, an error response); null when nothing does. */
  readonly spaFallback: string | null;
}

export interface RoutesInput {
  readonly compose: ComposeRoutes;
  readonly aws: AwsRoutes;
}

/** The path segment a probe puts where a pattern has a wildcard. */
const PROBE_SEGMENT = 'route-probe';

/**
 * Sends one probe path per route either gateway declares (each compose location, each ALB rule,
 * each CloudFront behaviour) through both gateways' routing and compares where it ends up:
 * `ROUTE_MISSING` when one side sends it to a service (or answers it itself) and the other does
 * not, `ROUTE_DRIFT` when both route it but differently (another service, another status). The
 * SPA fallback (client-side routes get index.html) must exist on both sides or on neither.
 */
export function compareRoutes(input: RoutesInput): Finding[] {
  const probes = new Map<string, string>();
  const add = (label: string, path: string) => {
    if (![...probes.values()].includes(path)) probes.set(label, path);
  };
  for (const location of input.compose.locations) {
    if (location.match === 'exact') add(location.path, location.path);
    if (location.match === 'prefix') add(`${location.path}*`, `${location.path}${PROBE_SEGMENT}`);
  }
  for (const rule of input.aws.listenerRules) {
    for (const pattern of rule.pathPatterns) add(pattern, probePath(pattern));
  }
  for (const behaviour of input.aws.behaviours) add(behaviour.pathPattern, probePath(behaviour.pathPattern));

  const findings: Finding[] = [];
  for (const [label, path] of probes) {
    const compose = resolveCompose(input.compose, path);
    const aws = resolveAws(input.aws, path);
    if (sameTarget(compose, aws)) continue;
    const missing =
      servesItself(compose) !== servesItself(aws) || (compose.kind === 'service') !== (aws.kind === 'service');
    findings.push(
      finding({
        code: missing ? 'ROUTE_MISSING' : 'ROUTE_DRIFT',
        check: ROUTES_CHECK,
        subject: label,
        compose: describeTarget(compose),
        aws: describeTarget(aws),
        explanation: missing
          ? `${path} is served by ${describeTarget(compose)} in compose but by ${describeTarget(aws)} in aws`
          : `${path} is routed differently: ${describeTarget(compose)} in compose, ${describeTarget(aws)} in aws`,
      }),
    );
  }
  const { spaFallback: composeSpa } = input.compose;
  const { spaFallback: awsSpa } = input.aws;
  if ((composeSpa === null) !== (awsSpa === null)) {
    findings.push(
      finding({
        code: 'ROUTE_MISSING',
        check: ROUTES_CHECK,
        subject: 'SPA fallback',
        compose: composeSpa,
        aws: awsSpa,
        explanation:
          composeSpa === null
            ? 'the aws gateway gives client-side routes index.html and the compose proxy does not'
            : 'client-side routes (a reload of /reports/2026-11) get index.html in compose but not from the distribution: no viewer-request function or error response does it',
      }),
    );
  }
  return findings;
}

function probePath(pattern: string): string {
  const path = pattern.replaceAll('*', PROBE_SEGMENT).replaceAll('?', 'x');
  return path.startsWith('/') ? path : `/${path}`;
}

/** nginx's location choice: an exact match, else the first matching regex, else the longest prefix. */
function resolveCompose(routes: ComposeRoutes, path: string): RouteTarget {
  const exact = routes.locations.find((l) => l.match === 'exact' && l.path === path);
  if (exact !== undefined) return exact.target;
  const regex = routes.locations.find((l) => l.match === 'regex' && new RegExp(l.path).test(path));
  if (regex !== undefined) return regex.target;
  const prefix = routes.locations
    .filter((l) => l.match === 'prefix' && path.startsWith(l.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return prefix?.target ?? { kind: 'fixed', status: 404 };
}

/** CloudFront's first matching behaviour (else the default); on the ALB the first matching rule by priority. */
function resolveAws(routes: AwsRoutes, path: string): RouteTarget {
  const behaviour = routes.behaviours.find((b) => new RegExp(pathPatternToRegex([b.pathPattern])).test(path));
  if ((behaviour?.origin ?? routes.defaultOrigin) === 'bucket') return { kind: 'site' };
  const rules = [...routes.listenerRules].sort((a, b) => rank(a.priority) - rank(b.priority));
  const rule = rules.find(
    (r) =>
      r.priority === 'default' ||
      r.pathPatterns.length === 0 ||
      new RegExp(pathPatternToRegex(r.pathPatterns)).test(path),
  );
  return rule?.target ?? { kind: 'fixed', status: 404 };
}

function rank(priority: number | 'default'): number {
  return priority === 'default' ? Number.MAX_SAFE_INTEGER : priority;
}

function sameTarget(a: RouteTarget, b: RouteTarget): boolean {
  return describeTarget(a) === describeTarget(b);
}

/** A gateway that answers a path itself with a success (a local health probe) serves it. */
function servesItself(target: RouteTarget): boolean {
  return target.kind === 'fixed' && target.status < 300;
}

function describeTarget(target: RouteTarget): string {
  switch (target.kind) {
    case 'service':
      return `service ${target.service}`;
    case 'fixed':
      return `fixed response ${target.status}`;
    case 'redirect':
      return `redirect ${target.status}`;
    case 'site':
      return 'the SPA site';
  }
}
