import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  DescribeScalableTargetsCommand,
  type ApplicationAutoScalingClient,
} from '@aws-sdk/client-application-auto-scaling';
import type { PerProcessLimit, ProcessCounts } from '../per-task-limits.ts';
import type { ServiceShape } from '../service-shape.ts';

interface SourceFile {
  readonly path: string;
  readonly text: string;
}

interface Sources {
  readonly service: string;
  /** The service's own `src/` files. */
  readonly own: readonly SourceFile[];
  /** `services/shared/src/` files, which every service may use. */
  readonly shared: readonly SourceFile[];
  /** The service's compose environment: a limit's setting is read from it, else from its default. */
  readonly environment: Readonly<Record<string, string>>;
  /** The variables the deployed task definition gives the service; undefined when nothing was deployed for it. */
  readonly deployed: ReadonlySet<string> | undefined;
}

/** One kind of per-process limit and how to recognise it in a service's source. */
type Detector = (sources: Sources) => PerProcessLimit | undefined;

const number = (text: string | undefined, pattern: RegExp): number | undefined => {
  const match = text === undefined ? null : pattern.exec(text);
  return match === null ? undefined : Number(match[1]);
};

/** The catalogue of per-process limits the gate knows how to find in services/. */
const DETECTORS: readonly Detector[] = [
  // @fastify/rate-limit keeps its counters in the process's memory unless given a shared (Redis) store.
  // A Redis store is shared by every task only where the deployed task definition gives it a Redis.
  ({ service, own, environment, deployed }) => {
    const file = own.find((f) => f.text.includes("from '@fastify/rate-limit'"));
    if (file === undefined) return undefined;
    const redisStore = /register\(\s*rateLimit\s*,\s*\{[^}]*\bredis\s*:/s.test(file.text);
    if (redisStore && (deployed === undefined || deployed.has('REDIS_URL'))) return undefined;
    const setting = own
      .map((f) => /raw\.([A-Z0-9_]*RATE_LIMIT[A-Z0-9_]*)\s*\?\?\s*'(\d+)'/.exec(f.text))
      .find((m) => m !== null);
    const value = setting === undefined ? undefined : Number(environment[setting![1]!] ?? setting![2]);
    return {
      service,
      id: 'rate-limit',
      what: `${redisStore ? 'a rate limit whose Redis store the deployed task definition gives no REDIS_URL, so each task counts alone' : 'a rate limit counted in process memory'}${setting === undefined ? '' : ` (${setting![1]})`}`,
      ...(value === undefined ? {} : { perProcess: value, unit: 'requests per minute per client address' }),
      source: file.path,
    };
  },
  // Each process opens its own PostgreSQL pool: the database sees tasks x pool size connections.
  ({ service, own, shared }) => {
    const pool = shared.find((f) => f.path.endsWith('create-pool.ts'));
    if (pool === undefined || !own.some((f) => f.text.includes('createPool('))) return undefined;
    const max = number(pool.text, /max:\s*options\.max\s*\?\?\s*(\d+)/);
    return {
      service,
      id: 'db-pool',
      what: 'a PostgreSQL connection pool per process',
      ...(max === undefined ? {} : { perProcess: max, unit: 'PostgreSQL connections' }),
      source: pool.path,
    };
  },
  // Each consumer process takes its own prefetch window of unacknowledged messages.
  ({ service, own, shared }) => {
    const endpoint = shared.find((f) => f.path.endsWith('receive-endpoint.ts'));
    if (endpoint === undefined || !own.some((f) => f.text.includes('new ReceiveEndpoint('))) return undefined;
    const prefetch = number(endpoint.text, /prefetch\(this\.options\.prefetch\s*\?\?\s*(\d+)\)/);
    return {
      service,
      id: 'amqp-prefetch',
      what: 'a broker prefetch window per consumer process',
      ...(prefetch === undefined ? {} : { perProcess: prefetch, unit: 'unacknowledged messages in flight' }),
      source: endpoint.path,
    };
  },
  // A cache or store class holding a Map/Set and no Redis client is one cache per process.
  ({ service, own }) => {
    const file = own.find(
      (f) => /class \w*(Cache|Store)\b/.test(f.text) && /new (Map|Set)\b/.test(f.text) && !/redis/i.test(f.text),
    );
    if (file === undefined) return undefined;
    return { service, id: 'memory-cache', what: 'a cache or store in process memory', source: file.path };
  },
];

async function sourceFiles(root: string, dir: string): Promise<SourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'));
  return Promise.all(
    files.map(async (e) => {
      const path = join(e.parentPath, e.name);
      return { path: relative(root, path), text: await readFile(path, 'utf8') };
    }),
  );
}

/**
 * The per-process limits of each service, found in its source (services/<name>/src and the shared
 * library), with what the deployment gives each service (`deployed`: the variable names of its task
 * definition) where a limit depends on it.
 */
export async function readPerProcessLimits(
  rootDir: string,
  environments: Readonly<Record<string, Readonly<Record<string, string>>>>,
  deployed: Readonly<Record<string, ReadonlySet<string>>> = {},
): Promise<PerProcessLimit[]> {
  const shared = await sourceFiles(rootDir, join(rootDir, 'services', 'shared', 'src'));
  const limits: PerProcessLimit[] = [];
  for (const [service, environment] of Object.entries(environments)) {
    const own = await sourceFiles(rootDir, join(rootDir, 'services', service, 'src'));
    for (const detect of DETECTORS) {
      const limit = detect({ service, own, shared, environment, deployed: deployed[service] });
      if (limit !== undefined) limits.push(limit);
    }
  }
  return limits;
}

/** How many processes each service runs: compose's replicas, ECS's desired count and its auto scaling maximum. */
export async function readProcessCounts(
  autoScaling: ApplicationAutoScalingClient,
  shapes: {
    readonly compose: Readonly<Record<string, ServiceShape>>;
    readonly aws: Readonly<Record<string, ServiceShape>>;
  },
): Promise<Record<string, ProcessCounts>> {
  const { ScalableTargets: targets = [] } = await autoScaling.send(
    new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }),
  );
  const counts: Record<string, ProcessCounts> = {};
  for (const [service, aws] of Object.entries(shapes.aws)) {
    // An ECS scalable target's resource id is `service/<cluster>/<service name>`.
    const max = targets.find((t) => t.ResourceId?.split('/').pop() === service)?.MaxCapacity;
    counts[service] = {
      compose: shapes.compose[service]?.desiredCount ?? 1,
      aws: aws.desiredCount ?? 1,
      ...(max === undefined ? {} : { awsMax: max }),
    };
  }
  return counts;
}
