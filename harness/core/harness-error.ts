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
  | 'FLAG_UNKNOWN'
  // What the deploy left is missing a piece the launch needs.
  | 'DEPLOY_MISSING'
  | 'STACK_OUTPUT_MISSING'
  | 'DEPLOYED_RESOURCE_MISSING'
  // Secrets Manager / SSM references and their values (harness/aws).
  | 'SECRET_REFERENCE_INVALID'
  | 'SECRET_NOT_FOUND'
  | 'SECRET_UNREADABLE'
  | 'SECRET_NOT_STRING'
  | 'SECRET_NOT_JSON'
  | 'SECRET_KEY_MISSING'
  | 'PARAMETER_NOT_FOUND'
  | 'PARAMETER_UNREADABLE'
  // A task ECS would refuse to register or start (harness/launch/aws/task-start-error.ts).
  | 'ECS_RESOURCE_INITIALIZATION'
  | 'ECS_DUPLICATE_VARIABLE'
  | 'ECS_TASK_DEFINITION_INVALID'
  /** A launched service (or router) exited or did not answer its readiness check in time. */
  | 'LAUNCH_SERVICE_START_FAILED'
  // What the launch cannot use (harness/launch): a compose file, an interpolation, a routing construct.
  | 'COMPOSE_YAML_INVALID'
  | 'COMPOSE_SCHEMA_INVALID'
  | 'COMPOSE_SERVICE_UNKNOWN'
  | 'COMPOSE_INVALID_INTERPOLATION'
  | 'COMPOSE_REQUIRED_VARIABLE'
  | 'LAUNCH_ROUTER_UNSUPPORTED'
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
