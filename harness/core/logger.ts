import { pino, type DestinationStream, type Logger } from 'pino';
import { humanLogLine } from './human-log-line.ts';

/** How many of the harness log's latest lines {@link harnessLogLines} keeps. */
const KEPT_LINES = 10_000;
const keptLines: string[] = [];

/** The lines the harness log has written in this process (the latest 10,000), as written. */
export function harnessLogLines(): readonly string[] {
  return keptLines;
}

/**
 * Human lines on stderr, between the CLI's progress lines; JSON records with `HARNESS_LOG_FORMAT=json`.
 * Each line is also kept, bounded, so that the gate's secret-hygiene check can scan the harness's
 * own log, which goes to stderr and into no file.
 */
function destination(): DestinationStream {
  const stderr = pino.destination({ fd: 2, sync: true });
  const human = process.env.HARNESS_LOG_FORMAT !== 'json';
  return {
    write: (record: string) => {
      const line = human ? humanLogLine(record) : record;
      if (keptLines.push(line) > KEPT_LINES) keptLines.shift();
      stderr.write(line);
    },
  };
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
