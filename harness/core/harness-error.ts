/** Stable codes for every error the harness raises on purpose; tests and scripts match on them. */
export type HarnessErrorCode =
  | 'BINARY_MISSING'
  | 'ENV_MISSING'
  | 'ENV_INVALID'
  | 'START_FAILED'
  | 'WAIT_TIMEOUT'
  | 'DOCKER_UNAVAILABLE'
  | 'NOT_RUNNING'
  | 'STATE_INVALID'
  | 'OPTION_INVALID'
  /** A launched service (or router) exited or did not answer its readiness check in time. */
  | 'LAUNCH_SERVICE_START_FAILED';

/** An error with a stable `code` and, when a server failed, the tail of that server's own log. */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}
