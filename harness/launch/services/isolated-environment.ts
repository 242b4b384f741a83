/** What the launcher adds to a service's own environment so that it can run as a local process. */
export interface LocalRunAdditions {
  /** Listen port on this machine (several "tasks" share one host, so each gets its own). */
  readonly port: number;
  /** Listen address. @default '127.0.0.1' */
  readonly host?: string;
  /** PEM bundle trusted in addition to Node's roots: the image's CA bundle equivalent. */
  readonly extraCaFile?: string;
}

/**
 * The complete environment of a launched service: its own variables (from compose or the
 * task definition) plus only these, each for a stated reason:
 * - `PATH`, `HOME` from the harness: what any container image's base layer provides;
 * - `HOST`, `PORT`: the local listen address, because several tasks share this machine
 *   (the service's own `PORT` is its container port, which would collide);
 * - `NODE_EXTRA_CA_CERTS`: the harness CA, as the RDS CA bundle would be baked into an image.
 * Nothing else from the harness's process env leaks in (no AWS_*, NODE_OPTIONS, npm_*).
 */
export function isolatedEnvironment(
  own: Readonly<Record<string, string>>,
  additions: LocalRunAdditions,
): Record<string, string> {
  const env: Record<string, string> = { ...own };
  const path = process.env.PATH;
  const home = process.env.HOME;
  if (path !== undefined) env.PATH = path;
  if (home !== undefined) env.HOME = home;
  env.HOST = additions.host ?? '127.0.0.1';
  env.PORT = String(additions.port);
  if (additions.extraCaFile !== undefined) env.NODE_EXTRA_CA_CERTS = additions.extraCaFile;
  return env;
}
