/**
 * Which scope of the standard applies to a repository, and the standard as it applies there.
 *
 * @module
 */
import { matchesWildcard } from '#lib/text/wildcard.ts';
import { BASE_SCOPE, type Scope, type Standard, type StandardSections } from './standard-schema.ts';

/** The standard for one repository: the sections of the scope that applied, and its name. */
export interface EffectiveStandard {
  /** The scope's name, or {@link BASE_SCOPE} when none matched. */
  scope: string;
  sections: StandardSections;
}

/** Whether a scope's `match` holds for a repository (both criteria when both are given). */
export function scopeMatches(
  scope: Pick<Scope, 'match'>,
  repositoryName: string,
  tags: Readonly<Record<string, string>> | undefined,
): boolean {
  const { repositories, tags: wanted } = scope.match;
  if (repositories !== undefined && !repositories.some((p) => matchesWildcard(p, repositoryName))) {
    return false;
  }
  if (wanted === undefined) return true;
  if (tags === undefined) return false;
  return Object.entries(wanted).every(([key, value]) => tags[key] === value);
}

/**
 * Whether choosing a scope needs the repository's tags (some scope matches by tag): the
 * engine then reads them before evaluating.
 *
 * @example
 * ```ts
 * scopesNeedTags(standard); // true when a scope has `match.tags`
 * ```
 */
export function scopesNeedTags(standard: Pick<Standard, 'scopes'>): boolean {
  return standard.scopes.some((scope) => scope.match.tags !== undefined);
}

/**
 * The standard as it applies to one repository: the first scope whose match holds, or the
 * base standard. `tags` may be omitted only when {@link scopesNeedTags} is false.
 *
 * @example
 * ```ts
 * const { scope, sections } = effectiveStandard(standard, 'shop-prod-api', { env: 'prod' });
 * scope; // 'production'
 * sections.immutability.mode; // 'IMMUTABLE'
 * ```
 */
export function effectiveStandard(
  standard: Standard,
  repositoryName: string,
  tags?: Readonly<Record<string, string>>,
): EffectiveStandard {
  const scope = standard.scopes.find((s) => scopeMatches(s, repositoryName, tags));
  if (scope === undefined) return { scope: BASE_SCOPE, sections: standard };
  return { scope: scope.name, sections: scope.sections };
}
