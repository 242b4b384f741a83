import { RouterConfigError } from './router-config-error.ts';
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
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\"]/g, '\\$&')))
      .join('');
  });
  return alternatives.length === 1 ? `^${alternatives[0]}$` : `^(?:${alternatives.join('|')})$`;
}
