import { matchesWildcard, type Standard } from '#lib/standard/index.ts';
import type { Control, ControlEvaluation } from './control.ts';
import type { RepositoryState } from './repository-state.ts';

/**
 * A repository's exclusion filters are acceptable when each of them is one the standard
 * allows, or is covered by an allowed wildcard (`release-*` allows `release-1*`).
 */
function isAllowedExclusion(filter: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => pattern === filter || matchesWildcard(pattern, filter));
}

function evaluate(state: RepositoryState, standard: Standard): ControlEvaluation {
  const { mode, exclusions } = standard.immutability;
  if (state.imageTagMutability === 'IMMUTABLE') return { compliant: true };
  if (state.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION') {
    const disallowed = state.exclusionFilters.filter((f) => !isAllowedExclusion(f, exclusions));
    if (mode === 'IMMUTABLE_WITH_EXCLUSION' && disallowed.length === 0) return { compliant: true };
  }
  const remediation = {
    action: 'ecr:PutImageTagMutability',
    repositoryName: state.repositoryName,
    imageTagMutability: mode,
    exclusionFilters: mode === 'IMMUTABLE_WITH_EXCLUSION' ? [...exclusions] : [],
  } as const;
  if (state.imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION') {
    const allowedText = mode === 'IMMUTABLE' ? 'none' : exclusions.join(', ');
    return {
      compliant: false,
      reason: `tag exclusions ${state.exclusionFilters.join(', ')} go beyond the allowed ones (${allowedText})`,
      remediation,
    };
  }
  return {
    compliant: false,
    reason: `image tags are ${state.imageTagMutability}: a pushed tag can be overwritten`,
    remediation,
  };
}

/**
 * Image tags must be immutable, except for the exclusions the standard allows.
 *
 * @example
 * ```ts
 * immutability.evaluate({ ...state, imageTagMutability: 'MUTABLE' }, standard);
 * // → { compliant: false, reason: 'image tags are MUTABLE: …', remediation: { action: 'ecr:PutImageTagMutability', … } }
 * ```
 */
export const immutability: Control = {
  name: 'immutability',
  // Pull-through cache rules decide the exemption of cache repositories (read only when a
  // repository is not immutable).
  readActions: ['ecr:DescribeRepositories', 'ecr:DescribePullThroughCacheRules'],
  writeActions: ['ecr:PutImageTagMutability'],
  evaluate,
};
