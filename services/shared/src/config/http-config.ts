import Type, { type Static, type TObject } from 'typebox';
import { ConfigError } from './config-error.ts';

/** Where a service listens and how much it logs. */
export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
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
  };
}
