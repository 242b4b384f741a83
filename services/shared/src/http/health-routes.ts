import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A named readiness check; it throws (or rejects) when its dependency cannot serve. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** Options for {@link healthRoutes}. */
export interface HealthRoutesOptions {
  /** Only what the service cannot answer without; a broker outage must not fail readiness. */
  readonly checks: readonly ReadinessCheck[];
  /** @default 2000 */
  readonly checkTimeoutMs?: number;
}

function withTimeout(promise: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `/health/live` (the process runs) and `/health/ready` (its checks pass, else 503). */
export const healthRoutes = fp<HealthRoutesOptions>(
  async (app: FastifyInstance, options) => {
    const timeoutMs = options.checkTimeoutMs ?? 2_000;
    app.get('/health/live', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
    app.get('/health/ready', { logLevel: 'warn' }, async (request, reply) => {
      const results = await Promise.all(
        options.checks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), timeoutMs, name);
            return { name, status: 'ok' as const };
          } catch (err) {
            request.log.warn({ err, check: name }, 'readiness check failed');
            return { name, status: 'failed' as const };
          }
        }),
      );
      const ready = results.every((r) => r.status === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: results });
    });
  },
  { name: 'health-routes' },
);
