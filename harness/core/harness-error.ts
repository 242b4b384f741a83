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
  | 'CERTIFICATE_FAILED'
  // The deploy layer (harness/deploy): what CI and the deploy report key on.
  | 'DEPLOY_FAILED'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_UNSUPPORTED'
  | 'INTRINSIC_UNRESOLVED'
  | 'STACK_OPERATION_FAILED'
  | 'API_RESOURCE_FAILED'
  | 'EMULATOR_ANSWER_INVALID'
  | 'CREDENTIALS_MISSING'
  | 'TOKEN_MISSING'
  | 'FLAG_INVALID'
  | 'FLAG_UNKNOWN';

/** An error with a stable `code` and, when a server failed, the tail of that server's own log. */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }
}
