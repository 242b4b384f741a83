import Type, { type Static, type TObject } from 'typebox';
import { ConfigError } from './config-error.ts';
import type { DbConfig } from './db-config.ts';

/** The environment variable behind {@link requireTlsConnections}. */
export const tlsPolicyEnv = {
  REQUIRE_TLS: Type.Optional(Type.Enum(['true', 'false'], { description: 'true or false' })),
};

type TlsPolicyEnv = Static<TObject<typeof tlsPolicyEnv>> & {
  readonly DATABASE_URL?: string | undefined;
  readonly AMQP_URL?: string | undefined;
  readonly REDIS_URL?: string | undefined;
};

/**
 * With `REQUIRE_TLS=true` (the ECS task definitions set it), refuses any connection that would go
 * in clear or unverified: PostgreSQL other than `verify-full`, a `redis://` REDIS_URL, an `amqp://`
 * AMQP_URL. A managed service reached in plaintext is a wiring defect, so the service stops at
 * start instead of running on it. Only variables the service reads are checked; messages name
 * the variable and the scheme or mode, never a value.
 *
 * @param env the service's validated variables (REQUIRE_TLS and whichever URLs it reads).
 * @param db the database settings as parsed, whose `sslMode` may come from the URL or `DB_SSLMODE`.
 * @throws ConfigError naming every variable that breaks the requirement.
 */
export function requireTlsConnections(env: TlsPolicyEnv, db?: DbConfig): void {
  if (env.REQUIRE_TLS !== 'true') return;
  const variables: string[] = [];
  const problems: string[] = [];
  const refuse = (variable: string, problem: string) => {
    variables.push(variable);
    problems.push(`${variable} ${problem} while REQUIRE_TLS is true`);
  };
  if (db !== undefined && db.sslMode !== 'verify-full') {
    const fromUrl = env.DATABASE_URL !== undefined && new URL(env.DATABASE_URL).searchParams.has('sslmode');
    refuse(fromUrl ? 'DATABASE_URL' : 'DB_SSLMODE', `gives sslmode ${db.sslMode}: expected verify-full`);
  }
  if (env.REDIS_URL !== undefined && !env.REDIS_URL.startsWith('rediss://')) {
    refuse('REDIS_URL', 'is a plaintext redis:// URL: expected rediss://');
  }
  if (env.AMQP_URL !== undefined && !env.AMQP_URL.startsWith('amqps://')) {
    refuse('AMQP_URL', 'is a plaintext amqp:// URL: expected amqps://');
  }
  if (variables.length > 0) throw new ConfigError(variables, problems);
}
