import { matchesWildcard } from '#lib/text/wildcard.ts';
import type { ControlEvaluation, RepositoryState } from '../control.ts';
import type { ImmutabilityConfig } from './config.ts';
import type { PutImageTagMutability } from './put-image-tag-mutability.ts';

/**
 * A repository's exclusion filters are acceptable when each of them is one the standard
 * allows, or is covered by an allowed wildcard (`release-*` allows `release-1*`).
 */
function isAllowedExclusion(filter: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => pattern === filter || matchesWildcard(pattern, filter));
}

/**
 * Image tags must be immutable, except for the exclusions the standard allows.
 *
 * @example
 * ```ts
 * evaluateImmutability({ ...state, repository: { ...repository, imageTagMutability: 'MUTABLE' } }, config);
 * // → { compliant: false, reason: 'image tags are MUTABLE: …', remediation: { action: 'ecr:PutImageTagMutability', … } }
 * ```
 */
export function evaluateImmutability(
  { repository }: RepositoryState,
  config: ImmutabilityConfig,
): ControlEvaluation<PutImageTagMutability> {
  const { mode, exclusions } = config;
  const { imageTagMutability, exclusionFilters, repositoryName } = repository;
  if (imageTagMutability === 'IMMUTABLE') return { compliant: true };
  if (imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION') {
    const disallowed = exclusionFilters.filter((f) => !isAllowedExclusion(f, exclusions));
    if (mode === 'IMMUTABLE_WITH_EXCLUSION' && disallowed.length === 0) return { compliant: true };
  }
  const remediation: PutImageTagMutability = {
    action: 'ecr:PutImageTagMutability',
    repositoryName,
    imageTagMutability: mode,
    exclusionFilters: mode === 'IMMUTABLE_WITH_EXCLUSION' ? [...exclusions] : [],
  };
  if (imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION') {
    const allowedText = mode === 'IMMUTABLE' ? 'none' : exclusions.join(', ');
    return {
      compliant: false,
      reason: `tag exclusions ${exclusionFilters.join(', ')} go beyond the allowed ones (${allowedText})`,
      remediation,
    };
  }
  return {
    compliant: false,
    reason: `image tags are ${imageTagMutability}: a pushed tag can be overwritten`,
    remediation,
  };
}
