import { DescribePullThroughCacheRulesCommand } from '@aws-sdk/client-ecr';
import type { ExemptionHook } from '../control.ts';
import { defineRegistryFact } from '../fact.ts';
import type { ImmutabilityConfig } from './config.ts';

/**
 * The prefix ECR gives a rule that names no namespace: it covers repositories of any name,
 * so it cannot tell a cache repository from a team's own one and exempts nothing.
 */
export const ROOT_PULL_THROUGH_CACHE_PREFIX = 'ROOT';

/**
 * The `ecrRepositoryPrefix` of every pull-through cache rule of the registry. Reused like the
 * registry scanning configuration, and unlike it a failure is kept too, for as long: the rules
 * only decide an exemption, and a registry that refuses the call (a member role without
 * `ecr:DescribePullThroughCacheRules`, an emulator without it) would refuse it again for each
 * of its repositories.
 */
export const pullThroughCacheFact = defineRegistryFact({
  name: 'pullThroughCachePrefixes',
  actions: ['ecr:DescribePullThroughCacheRules'],
  ttlMs: 5 * 60_000,
  cacheFailures: true,
  async read({ ecr }): Promise<string[]> {
    const prefixes: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribePullThroughCacheRulesCommand({ nextToken }));
      for (const rule of page.pullThroughCacheRules ?? []) {
        if (rule.ecrRepositoryPrefix !== undefined) prefixes.push(rule.ecrRepositoryPrefix);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return prefixes;
  },
});

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
 * A pull-through cache repository mirrors an upstream registry whose tags move, so AWS
 * recommends leaving its tags mutable: exempt from immutability when
 * `immutability.exemptPullThroughCache` is true (the default).
 *
 * @example
 * ```ts
 * pullThroughCacheExemption.exempt('docker-hub/library/nginx', { pullThroughCachePrefixes: ['docker-hub'] });
 * // 'pull-through cache repository (rule prefix docker-hub/): …'
 * ```
 */
export const pullThroughCacheExemption: ExemptionHook<ImmutabilityConfig> = {
  source: 'pull-through-cache',
  reads: [pullThroughCacheFact],
  active: (config) => config.exemptPullThroughCache,
  exempt(repositoryName, facts) {
    const prefixes = facts[pullThroughCacheFact.name] as readonly string[] | undefined;
    const prefix = pullThroughCachePrefixOf(repositoryName, prefixes ?? []);
    if (prefix === undefined) return undefined;
    return `pull-through cache repository (rule prefix ${prefix}/): its tags follow the upstream registry (immutability.exemptPullThroughCache)`;
  },
  // Making a pull-through cache repository immutable breaks its updates: without the rules,
  // leave the tags alone and say why.
  unknown: (readError) =>
    `not remediated: the pull-through cache rules could not be read (${readError}), so the repository may be a pull-through cache`,
};
