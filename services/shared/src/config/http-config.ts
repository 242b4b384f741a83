import Type, { type Static, type TObject } from 'typebox';
import { ConfigError } from './config-error.ts';

/** Where a service listens and how much it logs. */
export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /**
   * Proxies in front of the service that append to `X-Forwarded-For`: nginx in compose (1), CloudFront
   * then the ALB on AWS (2). The client address is the one the outermost of them saw; what a client
   * wrote in the header itself is never trusted.
   */
  readonly trustProxyHops: number;
}

/** The environment variables behind {@link HttpConfig}. */
export const httpEnv = {
  HOST: Type.Optional(Type.String({ description: 'a listen address' })),
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'a port number 0-65535' })),
  LOG_LEVEL: Type.Optional(
    Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      description: 'one of fatal, error, warn, info, debug, trace, silent',
    }),
  ),
  TRUST_PROXY_HOPS: Type.Optional(Type.String({ pattern: '^[0-5]$', description: 'a number of proxy hops, 0-5' })),
};

type HttpEnv = Static<TObject<typeof httpEnv>>;

/** Builds {@link HttpConfig} from validated variables, applying the service's default port. */
export function httpConfigFrom(env: HttpEnv, defaultPort: number): HttpConfig {
  const port = env.PORT === undefined ? defaultPort : Number(env.PORT);
  if (port > 65535) throw new ConfigError(['PORT'], ['PORT is malformed: expected a port number 0-65535']);
  return {
    host: env.HOST ?? '0.0.0.0',
    port,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxyHops: Number(env.TRUST_PROXY_HOPS ?? '1'),
  };
}
