/**
 * The one wildcard syntax of the standard: `*` matches any run of characters (including none,
 * and including `/`); every other character is literal. Used for exemption patterns, role
 * names and exclusion filters.
 */

const REGEXP_SPECIALS = /[.*+?^${}()|[\]\\/-]/g;

/**
 * Compiles a wildcard pattern to an anchored regular expression.
 *
 * @example
 * ```ts
 * wildcardToRegExp('team-a/*').test('team-a/api/v2'); // true
 * wildcardToRegExp('v1.2').test('v1x2'); // false: '.' is literal
 * ```
 */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((literal) => literal.replace(REGEXP_SPECIALS, '\\$&'))
    .join('.*');
  // `s`: a value with a line break is still one value.
  return new RegExp(`^${body}$`, 's');
}

/**
 * Whether `value` matches the wildcard `pattern` as a whole (case-sensitive).
 *
 * Given a concrete filter as `value`, this also decides whether one wildcard pattern is
 * covered by another: when `matchesWildcard(allowed, filter)` is true, every tag `filter`
 * matches is matched by `allowed` too (the `*` in `filter` can only have been consumed by a
 * `*` in `allowed`). It is how a repository's exclusion filters are checked against the
 * standard's.
 *
 * @example
 * ```ts
 * matchesWildcard('ecr-guard-*', 'ecr-guard-remediation'); // true
 * matchesWildcard('release-*', 'release-1.*'); // true: release-1.* is within release-*
 * matchesWildcard('latest', 'lat*'); // false: lat* allows more than latest
 * ```
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  return wildcardToRegExp(pattern).test(value);
}
