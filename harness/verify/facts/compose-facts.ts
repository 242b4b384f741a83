import { loadComposeFile, type ComposeService } from '../../launch/index.ts';
import { normalizeHealthCheckCommand, type ServiceShape } from '../service-shape.ts';

/** The application services both profiles run; the gate compares these. */
export const APP_SERVICE_NAMES = ['auth', 'cashflow', 'consolidated'] as const;

export interface ComposeFacts {
  readonly environment: Record<string, Record<string, string>>;
  readonly shapes: Record<string, ServiceShape>;
}

/** `10s`, `1m30s`, `500ms` -> seconds, as compose reads durations. */
function composeDurationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g)) {
    const n = Number(amount);
    total += unit === 'h' ? n * 3600 : unit === 'm' ? n * 60 : unit === 's' ? n : unit === 'ms' ? n / 1000 : 0;
  }
  return total;
}

function shapeOf(service: ComposeService): ServiceShape {
  const definition = service.definition as {
    healthcheck?: { test?: unknown; interval?: unknown; timeout?: unknown; retries?: number; start_period?: unknown };
    command?: unknown;
    deploy?: { replicas?: number };
  };
  const health = definition.healthcheck;
  const test = health?.test;
  const command =
    typeof test === 'string' || (Array.isArray(test) && test.every((part) => typeof part === 'string'))
      ? normalizeHealthCheckCommand(test as string | string[])
      : undefined;
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
  const shapes: Record<string, ServiceShape> = {};
  for (const name of APP_SERVICE_NAMES) {
    const service = project.services[name];
    if (service === undefined) continue;
    environment[name] = { ...service.environment };
    shapes[name] = shapeOf(service);
  }
  return { environment, shapes };
}
