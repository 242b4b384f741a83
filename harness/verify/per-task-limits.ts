import { finding, type Finding } from './finding.ts';

export const PER_TASK_LIMITS_CHECK = 'per-task-limits';

/** A limit a service keeps per process (in its memory, or per connection it opens). */
export interface PerProcessLimit {
  readonly service: string;
  /** e.g. `rate-limit`, `db-pool`, `amqp-prefetch`, `memory-cache`. */
  readonly id: string;
  /** What the limit is, for a person. */
  readonly what: string;
  /** Its value in one process, when it has one (30 requests per minute). */
  readonly perProcess?: number;
  /** The unit of `perProcess`. */
  readonly unit?: string;
  /** The source file that sets it. */
  readonly source: string;
}

export interface ProcessCounts {
  /** Containers compose runs (`deploy.replicas`, else 1). */
  readonly compose: number;
  /** The ECS service's desired count. */
  readonly aws: number;
  /** The auto scaling target's maximum, when the service scales. */
  readonly awsMax?: number;
}

export interface PerTaskLimitsInput {
  readonly limits: readonly PerProcessLimit[];
  readonly processes: Readonly<Record<string, ProcessCounts>>;
}

/**
 * A limit kept per process holds for the whole service in compose's single container, but for each
 * task in ECS: with N tasks it is N times as high (a rate limit lets N x as many requests through,
 * a pool opens N x as many connections) and an in-memory cache is N caches. Each such limit of a
 * service that runs more processes in aws is a `PER_TASK_LIMIT` warning with both effective values.
 */
export function comparePerTaskLimits(input: PerTaskLimitsInput): Finding[] {
  const findings: Finding[] = [];
  for (const limit of input.limits) {
    const counts = input.processes[limit.service];
    if (counts === undefined) continue;
    const most = Math.max(counts.aws, counts.awsMax ?? 0);
    if (most <= counts.compose) continue;
    const tasks =
      counts.awsMax === undefined || counts.awsMax === counts.aws ? `${counts.aws}` : `${counts.aws}-${counts.awsMax}`;
    findings.push(
      finding({
        code: 'PER_TASK_LIMIT',
        check: PER_TASK_LIMITS_CHECK,
        subject: `${limit.service}/${limit.id}`,
        compose: `${counts.compose} process(es): ${effective(limit, counts.compose)}`,
        aws: `${tasks} task(s): ${effective(limit, counts.aws)}${counts.awsMax !== undefined && counts.awsMax !== counts.aws ? ` up to ${effective(limit, counts.awsMax)}` : ''}`,
        explanation: `${limit.what} (${limit.source}): in aws it holds per task, not for the whole service`,
      }),
    );
  }
  return findings;
}

function effective(limit: PerProcessLimit, processes: number): string {
  if (limit.perProcess === undefined) return `${processes} separate ${limit.id}(s)`;
  return `${limit.perProcess * processes} ${limit.unit ?? ''}`.trim();
}
