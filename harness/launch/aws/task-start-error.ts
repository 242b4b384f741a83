import { HarnessError } from '../../core/harness-error.ts';

/** Stable codes for a task that ECS would refuse to register or start. */
export type TaskStartErrorCode =
  'ECS_RESOURCE_INITIALIZATION' | 'ECS_DUPLICATE_VARIABLE' | 'ECS_TASK_DEFINITION_INVALID';

/**
 * A task the launcher refuses to start, worded as ECS words it: the start-time
 * `ResourceInitializationError: unable to pull secrets or registry auth: ...` for secrets it
 * cannot pull, the registration-time `ClientException` for a name in both `environment` and
 * `secrets`. Messages name secret ARNs and parameter names, never values.
 */
export class TaskStartError extends HarnessError {
  declare readonly code: TaskStartErrorCode;

  constructor(code: TaskStartErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'TaskStartError';
  }
}

const PREFIX =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed:';

/** The ECS agent's wording for a Secrets Manager secret it could not use. */
export function secretsManagerFailure(detail: string, options?: { cause?: unknown }): TaskStartError {
  return new TaskStartError(
    'ECS_RESOURCE_INITIALIZATION',
    `${PREFIX} unable to retrieve secret from asm: service call has been retried 1 time(s): ${detail}`,
    options,
  );
}

/** The ECS agent's wording for SSM parameters it could not fetch. */
export function ssmFailure(detail: string, options?: { cause?: unknown }): TaskStartError {
  return new TaskStartError(
    'ECS_RESOURCE_INITIALIZATION',
    `${PREFIX} unable to retrieve secrets from ssm: service call has been retried 1 time(s): ${detail}`,
    options,
  );
}
