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
  // The parity gate (harness/verify): its own inputs are wrong, so it cannot run (exit 2).
  | 'CHECK_UNKNOWN'
  | 'CHECK_DUPLICATE'
  | 'ALLOW_LIST_INVALID'
  | 'REPORT_INVALID';

/** An error with a stable `code` and, when a server failed, the tail of that server's own log. */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}
