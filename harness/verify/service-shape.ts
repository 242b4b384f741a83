import { finding, type Finding } from './finding.ts';

/** A container health check, as compose `healthcheck` and ECS `healthCheck` both describe one. */
export interface HealthCheckShape {
  /** Normalised with {@link normalizeHealthCheckCommand}: `['CMD', ...]` or `['CMD-SHELL', script]`. */
  readonly command: readonly string[];
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly startPeriodSeconds?: number;
}

/** How a service runs, on one side. An absent field means the side does not set it. */
export interface ServiceShape {
  readonly containerPort?: number;
  readonly healthCheck?: HealthCheckShape;
  /** The container command, if it overrides the image's. */
  readonly command?: readonly string[];
  /** compose: `deploy.replicas` (1 when unset); ECS: the service's `desiredCount`. */
  readonly desiredCount?: number;
}

/** Per service: compose's services and the deployed ECS services (by service name). */
export interface ServiceShapeInput {
  readonly compose: Readonly<Record<string, ServiceShape>>;
  readonly aws: Readonly<Record<string, ServiceShape>>;
}

export const SERVICE_SHAPE_CHECK = 'service-shape';

/**
 * compose's `test` (a string is run by the shell, like `CMD-SHELL`) and ECS's `command` in one
 * form, so that the same probe written either way compares equal.
 */
export function normalizeHealthCheckCommand(test: string | readonly string[]): readonly string[] {
  return typeof test === 'string' ? ['CMD-SHELL', test] : test;
}

function timing(check: HealthCheckShape | undefined): string | null {
  if (!check) return null;
  const parts = [
    check.intervalSeconds === undefined ? undefined : `interval ${check.intervalSeconds}s`,
    check.timeoutSeconds === undefined ? undefined : `timeout ${check.timeoutSeconds}s`,
    check.retries === undefined ? undefined : `retries ${check.retries}`,
    check.startPeriodSeconds === undefined ? undefined : `start period ${check.startPeriodSeconds}s`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? null : parts.join(', ');
}

const text = (value: readonly string[] | number | undefined): string | null =>
  value === undefined ? null : typeof value === 'number' ? String(value) : JSON.stringify(value);

/**
 * Compares how each service runs: container port, health check (probe command, then timings as
 * one subject so the allow-list can accept timings without accepting a different probe), command
 * and desired count. A service on one side only is a finding; callers leave out services that
 * are not containers on purpose (the frontend is S3 + CloudFront in AWS).
 */
export function compareServiceShapes(input: ServiceShapeInput): Finding[] {
  const services = [...new Set([...Object.keys(input.compose), ...Object.keys(input.aws)])].sort();
  const findings: Finding[] = [];
  const add = (subject: string, compose: string | null, aws: string | null, explanation: string) => {
    if (compose !== aws) {
      findings.push(finding({ code: 'SHAPE_DRIFT', check: SERVICE_SHAPE_CHECK, subject, compose, aws, explanation }));
    }
  };
  for (const service of services) {
    const compose = input.compose[service];
    const aws = input.aws[service];
    if (!compose || !aws) {
      const side = compose ? 'compose' : 'aws';
      add(service, compose ? 'service' : null, aws ? 'service' : null, `${service} runs only in ${side}`);
      continue;
    }
    add(
      `${service}/containerPort`,
      text(compose.containerPort),
      text(aws.containerPort),
      `${service} listens on another container port`,
    );
    add(
      `${service}/healthCheck.command`,
      text(compose.healthCheck?.command),
      text(aws.healthCheck?.command),
      `${service}'s health check probes something else (or exists on one side only)`,
    );
    if (compose.healthCheck && aws.healthCheck) {
      add(
        `${service}/healthCheck.timing`,
        timing(compose.healthCheck),
        timing(aws.healthCheck),
        `${service}'s health check runs on another schedule`,
      );
    }
    add(`${service}/command`, text(compose.command), text(aws.command), `${service} starts with another command`);
    // More tasks than compose's containers is the accepted redundancy (allow-list `*/desiredCount`);
    // fewer (0: never started) serves less than compose does, so it gets a subject of its own.
    const fewer = (aws.desiredCount ?? 0) < (compose.desiredCount ?? 0);
    add(
      `${service}/desiredCount${fewer ? '.belowCompose' : ''}`,
      text(compose.desiredCount),
      text(aws.desiredCount),
      fewer
        ? `${service} runs fewer tasks in AWS than containers in compose`
        : `${service} runs another number of instances`,
    );
  }
  return findings;
}
