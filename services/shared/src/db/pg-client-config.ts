import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import type { DbConfig } from '../config/db-config.ts';

/**
 * Translates {@link DbConfig} into node-postgres settings. `verify-full` maps to Node's TLS
 * verification (CA chain and host name); `require` encrypts without verifying, as libpq does.
 *
 * @param database overrides the configured database (the `postgres` maintenance DB, for instance).
 */
export function pgClientConfig(config: DbConfig, database = config.database): ClientConfig {
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database,
    ssl: sslOptions(config),
    connectionTimeoutMillis: 5_000,
    application_name: 'cashflow-services',
  };
}

function sslOptions(config: DbConfig): ClientConfig['ssl'] {
  switch (config.sslMode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        servername: config.host,
        ...(config.sslRootCert === undefined ? {} : { ca: readFileSync(config.sslRootCert, 'utf8') }),
      };
  }
}
