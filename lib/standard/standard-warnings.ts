/**
 * What a valid standard says that is likely not meant: each warning names the field.
 *
 * @module
 */
import type { Scope, Standard } from './standard-schema.ts';

/**
 * Whether every name `inner` matches is also matched by `outer`, as far as can be told
 * without solving wildcards in general: `*`, an equal pattern, a name without wildcards that
 * `outer` matches, or a prefix pattern (`team-*`) covering a longer prefix or name.
 */
function patternCovers(outer: string, inner: string): boolean {
  if (/^\*+$/.test(outer) || outer === inner) return true;
  const prefix = /^([^*]*)\*$/.exec(outer)?.[1];
  if (prefix === undefined) return false;
  const innerPrefix = inner.includes('*') ? (/^([^*]*)/.exec(inner)?.[1] ?? '') : inner;
  return innerPrefix.startsWith(prefix);
}

/** Whether `earlier` matches every repository `later` could (it has no tag criteria). */
function shadows(earlier: Scope, later: Scope): boolean {
  if (earlier.match.tags !== undefined) return false;
  const outer = earlier.match.repositories;
  if (outer === undefined) return true;
  const inner = later.match.repositories;
  if (inner === undefined) return false;
  return inner.every((pattern) => outer.some((o) => patternCovers(o, pattern)));
}

/**
 * Warnings about the standard, for `policy validate` and the package step: a scope that can
 * never match because an earlier scope with no tag criteria matches all its repositories.
 *
 * @example
 * ```ts
 * standardWarnings(standard);
 * // ['scopes[1] (sandbox): can never match, scopes[0] (everything) matches every repository it names first']
 * ```
 */
export function standardWarnings(standard: Pick<Standard, 'scopes'>): string[] {
  const warnings: string[] = [];
  standard.scopes.forEach((scope, index) => {
    const earlier = standard.scopes.slice(0, index).findIndex((e) => shadows(e, scope));
    if (earlier === -1) return;
    const by = standard.scopes[earlier];
    warnings.push(
      `scopes[${index}] (${scope.name}): can never match, scopes[${earlier}] (${by?.name}) matches every repository it names first`,
    );
  });
  return warnings;
}
