import { runInNewContext } from 'node:vm';
import { RouterConfigError } from './router-config-error.ts';

/**
 * The one viewer-request rewrite nginx reproduces: a URI whose last segment has no `.` is a
 * client-side route and becomes `/index.html` (the SPA fallback). nginx cannot run CloudFront
 * Functions, so a function is accepted only when running its real code on probe URIs gives
 * exactly this rewrite; then it becomes an nginx `rewrite`.
 */
const SPA_ROUTE = /^.*\/[^/.]*$/;

const PROBES = [
  '/',
  '/index.html',
  '/assets/index-3f2a.js',
  '/assets/app.css',
  '/reports',
  '/reports/2026-11',
  '/entries/new/',
  '/a.b/c',
  '/favicon.ico',
  '/x/y.z',
];

/**
 * Translates a CloudFront Function's viewer-request code into nginx directives for the
 * behaviour's location, by running the code (in a sandbox with no globals) on probe URIs.
 * @throws RouterConfigError when the function does anything other than the SPA fallback.
 */
export function viewerRequestDirectives(code: string, functionName: string): string[] {
  const handler = runInNewContext(
    `${code}\n;typeof handler === "function" ? handler : undefined`,
    Object.create(null),
    { timeout: 1_000 },
  ) as unknown;
  if (typeof handler !== 'function') {
    throw new RouterConfigError(`CloudFront function ${functionName} defines no handler(event)`);
  }
  for (const uri of PROBES) {
    const event = {
      version: '1.0',
      context: { eventType: 'viewer-request' },
      request: { method: 'GET', uri, querystring: {}, headers: {}, cookies: {} },
    };
    const result = (handler as (e: typeof event) => { uri?: string; statusCode?: number })(event);
    const expected = SPA_ROUTE.test(uri) ? '/index.html' : uri;
    if (result?.statusCode !== undefined || result?.uri !== expected) {
      throw new RouterConfigError(
        `CloudFront function ${functionName} is not the SPA fallback (for ${uri} it gives ${JSON.stringify(result)}); nginx cannot reproduce it`,
      );
    }
  }
  return [
    `# CloudFront function ${functionName} (viewer-request): client-side routes get /index.html`,
    `rewrite "${SPA_ROUTE.source}" /index.html break;`,
  ];
}
