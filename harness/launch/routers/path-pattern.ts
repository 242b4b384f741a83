import { RouterConfigError } from './router-config-error.ts';

/**
 * Any character, line breaks included: `.` stops at a newline, and nginx matches locations against
 * the decoded path, so `/api/x%0Ay` would slip past an `/api/*` rule (to the SPA) while CloudFront
 * and the compose gateway's prefix match still send it to the API. Valid in PCRE and in JavaScript.
 */
const ANY = '[\\s\\S]';

/**
 * Turns ALB `path-pattern` / CloudFront `PathPattern` wildcards into an anchored regular
 * expression for an nginx `location ~` block. Both grammars are the same: `*` matches any
 * run of characters (including `/`), `?` exactly one, everything else literally and
 * case-sensitively. CloudFront patterns may omit the leading `/`; the request path always has one.
 */
export function pathPatternToRegex(patterns: readonly string[]): string {
  if (patterns.length === 0) throw new RouterConfigError('a path pattern condition needs at least one value');
  const alternatives = patterns.map((pattern) => {
    const withSlash = pattern.startsWith('/') || pattern.startsWith('*') ? pattern : `/${pattern}`;
    return [...withSlash]
      .map((ch) => (ch === '*' ? `${ANY}*` : ch === '?' ? ANY : ch.replace(/[.+^${}()|[\]\\"]/g, '\\$&')))
      .join('');
  });
  return alternatives.length === 1 ? `^${alternatives[0]}$` : `^(?:${alternatives.join('|')})$`;
}
