import { LOGICAL_DATABASES, type Flavour } from '../backing-server.ts';
import { IMAGES, type ContainerDefinition, type TlsContents } from './container-definition.ts';

/** What the PostgreSQL container needs to know. */
export interface PostgresContainerOptions {
  readonly flavour: Flavour;
  readonly hostPort: number;
  readonly password: string;
  /** Required for the managed flavour. */
  readonly tls?: TlsContents;
}

/** The managed flavour's application role, as in the native provider. */
const APP_ROLE = 'app';

/**
 * PostgreSQL for one flavour. The init script creates the logical databases (and, when managed, the
 * non-superuser owner); the managed flavour turns ssl on and allows hostssl only.
 */
export function postgresContainerDefinition(options: PostgresContainerOptions): ContainerDefinition {
  const managed = options.flavour === 'managed';
  const owner = managed ? APP_ROLE : 'postgres';
  const init = [
    ...(managed ? [`CREATE ROLE ${APP_ROLE} LOGIN CREATEDB NOSUPERUSER PASSWORD '${options.password}';`] : []),
    ...LOGICAL_DATABASES.map((db) => `CREATE DATABASE ${db} OWNER ${owner};`),
  ].join('\n');
  const files = [{ target: '/docker-entrypoint-initdb.d/10-databases.sql', content: `${init}\n` }];
  const command: string[] = ['postgres', '-c', 'fsync=off'];
  if (managed) {
    if (!options.tls) throw new Error('postgresContainerDefinition: the managed flavour needs tls');
    files.push(
      { target: '/tls/server.crt', content: options.tls.cert },
      { target: '/tls/server.key', content: options.tls.key },
      { target: '/tls/ca.crt', content: options.tls.ca },
      {
        target: '/docker-entrypoint-initdb.d/20-hba.sh',
        content: [
          '#!/bin/sh',
          'set -e',
          // hostssl only: plain TCP finds no pg_hba.conf entry, as on RDS with rds.force_ssl.
          `printf 'local all all trust\\nhostssl all all all scram-sha-256\\n' > "$PGDATA/pg_hba.conf"`,
          '',
        ].join('\n'),
      },
    );
    command.push(
      '-c',
      'ssl=on',
      '-c',
      'ssl_cert_file=/tls/server.crt',
      '-c',
      'ssl_key_file=/tls/server.key',
      '-c',
      'ssl_ca_file=/tls/ca.crt',
    );
  }
  return {
    kind: 'postgres',
    flavour: options.flavour,
    image: IMAGES.postgres,
    ports: [{ container: 5432, host: options.hostPort }],
    env: {
      POSTGRES_USER: 'postgres',
      // Managed: the superuser's password is random and never handed out; clients use the app role.
      POSTGRES_PASSWORD: managed ? `${options.password}-su` : options.password,
      POSTGRES_DB: 'postgres',
    },
    command,
    files,
    // The image restarts the server once after init; the second "ready" line is the real one.
    wait: { kind: 'log', message: 'database system is ready to accept connections', times: 2 },
    startupTimeoutMs: 120_000,
  };
}
