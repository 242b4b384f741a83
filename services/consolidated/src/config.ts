import Type from 'typebox';
import { entryServiceConfigFrom, entryServiceEnv, readEnv, type EntryServiceConfig } from '../../shared/src/index.ts';

/** Everything the consolidated service reads from its environment. */
export interface ConsolidatedConfig extends EntryServiceConfig {
  /** How long a cached balance or report lives; it bounds staleness if an invalidation is lost. */
  readonly cacheTtlSeconds: number;
  /**
   * Test only (fault injection, scenarios/faults/): SIGKILL the process right after the Nth
   * consumed message's balance change committed, before its ack. Never set in a deployment.
   */
  readonly testOnlyCrashBeforeAckOf: number | undefined;
}

const schema = Type.Object({
  ...entryServiceEnv,
  CACHE_TTL_SECONDS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: 'seconds, 1-99999' })),
  TEST_ONLY_CRASH_BEFORE_ACK_OF: Type.Optional(
    Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'a message count, 1-999999999' }),
  ),
});

/**
 * Parses the consolidated service's configuration.
 *
 * @throws ConfigError naming each missing or malformed variable.
 */
export function loadConsolidatedConfig(env: NodeJS.ProcessEnv = process.env): ConsolidatedConfig {
  const raw = readEnv(schema, env);
  return {
    ...entryServiceConfigFrom(raw, { port: 3003, database: 'consolidated_db', serviceName: 'consolidated' }),
    cacheTtlSeconds: Number(raw.CACHE_TTL_SECONDS ?? '60'),
    testOnlyCrashBeforeAckOf:
      raw.TEST_ONLY_CRASH_BEFORE_ACK_OF === undefined ? undefined : Number(raw.TEST_ONLY_CRASH_BEFORE_ACK_OF),
  };
}
