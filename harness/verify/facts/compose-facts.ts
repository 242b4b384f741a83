import { loadComposeFile, type ComposeService } from '../../launch/compose-file.ts';

/** The application services both profiles run; the gate compares these. */
export const APP_SERVICE_NAMES = ['auth', 'cashflow', 'consolidated'] as const;

/** A service's shape as the parity checks compare it (see harness/verify/service-shape.ts). */
export interface ShapeFacts {
  readonly containerPort?: number;
  readonly healthCheck?: {
    readonly command: readonly string[];
    readonly intervalSeconds?: number;
    readonly timeoutSeconds?: number;
    readonly retries?: number;
    readonly startPeriodSeconds?: number;
  };
  readonly command?: readonly string[];
  readonly desiredCount?: number;
}

export interface ComposeFacts {
  readonly environment: Record<string, Record<string, string>>;
  readonly shapes: Record<string, ShapeFacts>;
}

/** `10s`, `1m30s`, `500ms` -> seconds, as compose reads durations. */
export function composeDurationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g)) {
    const n = Number(amount);
    total += unit === 'h' ? n * 3600 : unit === 'm' ? n * 60 : unit === 's' ? n : unit === 'ms' ? n / 1000 : 0;
  }
  return total;
}

/** compose's healthcheck `test` in ECS's form: a string is `CMD-SHELL`, a list keeps its first word. */
export function healthCheckCommand(test: unknown): string[] | undefined {
  if (typeof test === 'string') return ['CMD-SHELL', test];
  if (Array.isArray(test) && test.every((part) => typeof part === 'string')) return test as string[];
  return undefined;
}

function shapeOf(service: ComposeService): ShapeFacts {
  const definition = service.definition as {
    healthcheck?: { test?: unknown; interval?: unknown; timeout?: unknown; retries?: number; start_period?: unknown };
    command?: unknown;
    deploy?: { replicas?: number };
  };
  const health = definition.healthcheck;
  const command = healthCheckCommand(health?.test);
  return {
    ...(service.containerPorts[0] === undefined ? {} : { containerPort: service.containerPorts[0] }),
    ...(command === undefined
      ? {}
      : {
          healthCheck: {
            command,
            intervalSeconds: composeDurationSeconds(health?.interval),
            timeoutSeconds: composeDurationSeconds(health?.timeout),
            retries: health?.retries,
            startPeriodSeconds: composeDurationSeconds(health?.start_period),
          },
        }),
    ...(Array.isArray(definition.command) ? { command: definition.command as string[] } : {}),
    desiredCount: definition.deploy?.replicas ?? 1,
  };
}

/**
 * What docker-compose.yml gives each application service: its interpolated environment (the
 * values compose would pass, with the same defaults) and its shape.
 */
export async function readComposeFacts(composeFile: string, env: NodeJS.ProcessEnv): Promise<ComposeFacts> {
  const project = await loadComposeFile(composeFile, env);
  const environment: Record<string, Record<string, string>> = {};
  const shapes: Record<string, ShapeFacts> = {};
  for (const name of APP_SERVICE_NAMES) {
    const service = project.services[name];
    if (service === undefined) continue;
    environment[name] = { ...service.environment };
    shapes[name] = shapeOf(service);
  }
  return { environment, shapes };
}
