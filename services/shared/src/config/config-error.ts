/**
 * A missing or malformed environment variable. The message names every offending variable
 * and never echoes a value, because some of them are secrets.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(
    /** The variables that failed, in the order they were checked. */
    readonly variables: readonly string[],
    problems: readonly string[],
  ) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}
