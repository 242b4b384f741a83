import { pino, type DestinationStream, type Logger } from 'pino';
import { humanLogLine } from './human-log-line.ts';

/** Human lines on stderr, between the CLI's progress lines; JSON records with `HARNESS_LOG_FORMAT=json`. */
function destination(): DestinationStream {
  const stderr = pino.destination({ fd: 2, sync: true });
  if (process.env.HARNESS_LOG_FORMAT === 'json') return stderr;
  return { write: (line: string) => stderr.write(humanLogLine(line)) };
}

/**
 * The harness's namespaced library logger. It writes to stderr so that stdout stays free for the
 * CLI's endpoint table and findings; `HARNESS_LOG_LEVEL` picks the level (default `warn`, quiet in
 * tests), `HARNESS_LOG_FORMAT=json` keeps pino's JSON records for log collectors.
 */
export const harnessLogger: Logger = pino(
  { name: 'harness', level: process.env.HARNESS_LOG_LEVEL ?? 'warn' },
  destination(),
);

/** A child logger for one component, e.g. `logFor('postgres')`. */
export function logFor(component: string): Logger {
  return harnessLogger.child({ component });
}
