import type { Standard } from '#lib/standard/index.ts';
import type { Exemption } from './exemptions.ts';

/**
 * The prefix ECR gives a rule that names no namespace: it covers repositories of any name,
 * so it cannot tell a cache repository from a team's own one and exempts nothing.
 */
export const ROOT_PULL_THROUGH_CACHE_PREFIX = 'ROOT';

/**
 * The pull-through cache rule whose prefix a repository name falls under, if any. ECR always
 * reads a prefix with a trailing `/`: `docker-hub` covers `docker-hub/library/nginx`, not
 * `docker-hub-mirror`.
 *
 * @example
 * ```ts
 * pullThroughCachePrefixOf('docker-hub/library/nginx', ['docker-hub', 'ecr-public']); // 'docker-hub'
 * ```
 */
export function pullThroughCachePrefixOf(
  repositoryName: string,
  prefixes: readonly string[],
): string | undefined {
  return prefixes.find(
    (prefix) =>
      prefix !== ROOT_PULL_THROUGH_CACHE_PREFIX && repositoryName.startsWith(`${prefix}/`),
  );
}

/**
 * The immutability exemption of a pull-through cache repository: such a repository mirrors
 * an upstream registry whose tags move, so AWS recommends leaving its tags mutable. Only when
 * `immutability.exemptPullThroughCache` is true (the default).
 *
 * @example
 * ```ts
 * pullThroughCacheExemption('docker-hub/library/nginx', ['docker-hub'], standard);
 * // → { control: 'immutability', source: 'pull-through-cache', reason: 'pull-through cache repository (rule prefix docker-hub/) …' }
 * ```
 */
export function pullThroughCacheExemption(
  repositoryName: string,
  prefixes: readonly string[],
  standard: Standard,
): Exemption | undefined {
  if (!standard.immutability.exemptPullThroughCache) return undefined;
  const prefix = pullThroughCachePrefixOf(repositoryName, prefixes);
  if (prefix === undefined) return undefined;
  return {
    control: 'immutability',
    source: 'pull-through-cache',
    reason: `pull-through cache repository (rule prefix ${prefix}/): its tags follow the upstream registry (immutability.exemptPullThroughCache)`,
  };
}
