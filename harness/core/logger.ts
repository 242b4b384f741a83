import { pino, type Logger } from 'pino';

/**
 * The harness's namespaced library logger. It writes JSON to stderr so that stdout stays free for
 * the CLI's endpoint table; `HARNESS_LOG_LEVEL` picks the level (default `warn`, quiet in tests).
 */
export const harnessLogger: Logger = pino(
  { name: 'harness', level: process.env.HARNESS_LOG_LEVEL ?? 'warn' },
  pino.destination({ fd: 2, sync: true }),
);

/** A child logger for one component, e.g. `logFor('postgres')`. */
export function logFor(component: string): Logger {
  return harnessLogger.child({ component });
}
