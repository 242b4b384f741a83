/** Stable code used when the request never got an HTTP answer. */
export const NETWORK_ERROR = 'NETWORK_ERROR';

/**
 * An RFC 9457 problem answer (or a failure to get any answer), carrying the API's stable `code`
 * so the page can show it and decide whether a retry makes sense.
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';

  constructor(
    /** HTTP status, or 0 when no answer arrived. */
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${detail} (${code})`);
  }

  /**
   * Whether sending the same request again (with the same Idempotency-Key) may succeed:
   * no answer, a conflict with an in-flight twin, throttling, or a server-side failure.
   */
  get retryable(): boolean {
    return this.status === 0 || this.status === 409 || this.status === 429 || this.status >= 500;
  }

  /** Builds the problem from a non-2xx response, tolerating bodies that are not problem+json. */
  static async fromResponse(response: Response): Promise<ApiProblem> {
    const fallbackCode = `HTTP_${response.status}`;
    const fallbackDetail = response.statusText || `Request failed with status ${response.status}`;
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) return new ApiProblem(response.status, fallbackCode, fallbackDetail);
    try {
      const body: unknown = await response.json();
      const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      const code = typeof fields.code === 'string' ? fields.code : fallbackCode;
      const detail =
        typeof fields.detail === 'string'
          ? fields.detail
          : typeof fields.title === 'string'
            ? fields.title
            : fallbackDetail;
      return new ApiProblem(response.status, code, detail);
    } catch {
      return new ApiProblem(response.status, fallbackCode, fallbackDetail);
    }
  }
}
