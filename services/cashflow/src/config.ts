import Type from 'typebox';
import { entryServiceConfigFrom, entryServiceEnv, readEnv, type EntryServiceConfig } from '../../shared/src/index.ts';

/** Everything the cashflow service reads from its environment. */
export interface CashflowConfig extends EntryServiceConfig {
  /** How often the relay looks for unpublished outbox rows written by other instances. */
  readonly outboxPollIntervalMs: number;
}

const schema = Type.Object({
  ...entryServiceEnv,
  OUTBOX_POLL_INTERVAL_MS: Type.Optional(
    Type.String({ pattern: '^[1-9][0-9]{1,5}$', description: 'milliseconds, 10-999999' }),
  ),
});

/**
 * Parses the cashflow service's configuration.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadCashflowConfig(env: NodeJS.ProcessEnv = process.env): CashflowConfig {
  const raw = readEnv(schema, env);
  return {
    ...entryServiceConfigFrom(raw, { port: 3002, database: 'cashflow_db', serviceName: 'cashflow' }),
    outboxPollIntervalMs: Number(raw.OUTBOX_POLL_INTERVAL_MS ?? '500'),
  };
}
