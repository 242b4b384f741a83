import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requestFormats } from './calendar-date-schema.ts';
import { clientErrorHandler, frameworkErrorHandler, problemHandler } from './problem-handler.ts';
import { refuseRepeatedSingletonHeaders } from './singleton-headers.ts';

/** Options for {@link createHttpServer}. */
export interface HttpServerOptions {
  readonly logger: Logger;
  /** @default 65536 */
  readonly bodyLimitBytes?: number;
  /**
   * Proxy hops that append to `X-Forwarded-For` in front of the service (see `HttpConfig.trustProxyHops`).
   * @default 1
   */
  readonly trustProxyHops?: number;
}

/**
 * A Fastify instance with the settings every service shares: a 64 KiB body limit, strict
 * validation (unknown fields rejected, no type coercion, real calendar dates), timeouts, and
 * problem+json errors, including the router's and Node's own refusals and repeated singleton headers.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes ?? 65_536,
    requestTimeout: 15_000,
    connectionTimeout: 10_000,
    keepAliveTimeout: 65_000,
    // The ALB's idle timeout is 60 s; the server must outlive it or the ALB sees resets.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // One line per request (below) instead of Fastify's two: a log line costs more than a cached read.
    disableRequestLogging: true,
    // N proxy hops sit in front (nginx in compose; CloudFront then the ALB on AWS), each appending the
    // address it saw to X-Forwarded-For: request.ip is the one the outermost hop saw, which per-client
    // rate limits need. Addresses a client wrote into the header come before those and are never taken.
    // A function, not Fastify's number form, which now trusts no hop at all.
    trustProxy: (_address: string, hop: number) => hop < (options.trustProxyHops ?? 1),
    // Refusals that happen before a route runs are problems with stable codes too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, formats: requestFormats } },
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
  app.addHook('onRequest', refuseRepeatedSingletonHeaders);
  void app.register(problemHandler);
  return app as unknown as FastifyInstance;
}
