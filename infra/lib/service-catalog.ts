/** What the stack needs to know about one service; values from docs/configuration.md. */
export interface ServiceSpec {
  /** Service, container and ECR repository name. */
  readonly name: 'auth' | 'cashflow' | 'consolidated';
  /** `PORT` and the container port. */
  readonly port: number;
  /** `DB_NAME`: the logical database the service creates at start when missing. */
  readonly databaseName: string;
  /** Priority of its `/api/<name>/*` rule on the HTTPS listener. */
  readonly listenerPriority: number;
  /** Whether it talks to the broker. */
  readonly usesBus: boolean;
  /**
   * Whether it talks to Redis: cashflow and consolidated cache there; auth keeps its rate-limit
   * counters (shared by all its tasks) and the revoked subjects there.
   */
  readonly usesCache: boolean;
}

/** The three API services in deploy order. */
export const SERVICES: readonly ServiceSpec[] = [
  { name: 'auth', port: 3001, databaseName: 'auth_db', listenerPriority: 10, usesBus: false, usesCache: true },
  { name: 'cashflow', port: 3002, databaseName: 'cashflow_db', listenerPriority: 20, usesBus: true, usesCache: true },
  {
    name: 'consolidated',
    port: 3003,
    databaseName: 'consolidated_db',
    listenerPriority: 30,
    usesBus: true,
    usesCache: true,
  },
];

/** The listener path pattern of a service: routes are served under `/api/<name>/` without rewriting. */
export function apiPathPattern(name: string): string {
  return `/api/${name}/*`;
}
