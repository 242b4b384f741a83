/** nginx's own refusals, by the status nginx gives them, and the problem each becomes. */
const GATEWAY_PROBLEMS = [
  { nginxStatus: 400, status: 400, code: 'BAD_REQUEST', title: 'Bad request' },
  { nginxStatus: 413, status: 413, code: 'BODY_TOO_LARGE', title: 'Request body too large' },
  { nginxStatus: 414, status: 414, code: 'URI_TOO_LONG', title: 'Request URI too long' },
  // 494 is nginx's internal status for a header line or header block over its buffers.
  { nginxStatus: 494, status: 431, code: 'HEADERS_TOO_LARGE', title: 'Request headers too large' },
] as const;

/**
 * Server-level nginx directives that answer nginx's own refusals (a malformed request, a body or
 * header over its limits) as `application/problem+json` with the services' stable codes, instead
 * of nginx's HTML pages, so a client sees one error format whichever hop refused it. The compose
 * frontend's template carries the same lines (aws-router-config.test.ts compares them), so the
 * two gateways refuse alike. Only errors nginx generates itself are affected: answers proxied from
 * a service pass through untouched (no `proxy_intercept_errors`). The pages are internal URIs, not
 * named locations: a request whose own URI did not parse (`/api/%00`) cannot be handed to a named
 * location (nginx answers 500), while an internal redirect replaces the URI first.
 */
export function problemErrorPages(): string[] {
  return GATEWAY_PROBLEMS.flatMap(({ nginxStatus, status, code, title }) => {
    const body = JSON.stringify({ type: `about:blank#${code}`, title, status, code });
    return [
      // `=status` because nginx would otherwise answer its 494 as a plain 400, whatever the page returns.
      `error_page ${nginxStatus} =${status} /.problem/${nginxStatus};`,
      `location = /.problem/${nginxStatus} { internal; default_type application/problem+json; return ${status} '${body}'; }`,
    ];
  });
}
