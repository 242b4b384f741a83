/**
 * An error the client is meant to see, rendered as `application/problem+json`. `code` is stable
 * API: clients and tests branch on it, not on `title` or `detail`.
 */
export class ProblemError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    /** Extra members merged into the problem document. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}
