import type { ExemptionHook } from '../control.ts';
import {
  pullThroughCacheFact,
  pullThroughCachePrefixOf,
} from '../immutability/pull-through-cache.ts';
import type { NamingConfig } from './config.ts';

/**
 * A pull-through cache repository is named by ECR after the upstream image (`docker-hub/
 * library/nginx`): exempt from naming when `naming.exemptPullThroughCache` is true (the default).
 *
 * @example
 * ```ts
 * namingPullThroughCacheExemption.exempt('docker-hub/library/nginx', { pullThroughCachePrefixes: ['docker-hub'] });
 * // 'pull-through cache repository (rule prefix docker-hub/): …'
 * ```
 */
export const namingPullThroughCacheExemption: ExemptionHook<NamingConfig> = {
  source: 'pull-through-cache',
  reads: [pullThroughCacheFact],
  active: (config) => config.exemptPullThroughCache,
  exempt(repositoryName, facts) {
    const prefixes = facts[pullThroughCacheFact.name] as readonly string[] | undefined;
    const prefix = pullThroughCachePrefixOf(repositoryName, prefixes ?? []);
    if (prefix === undefined) return undefined;
    return `pull-through cache repository (rule prefix ${prefix}/): ECR names it after the upstream image (naming.exemptPullThroughCache)`;
  },
  // Naming only reports: without the rules, the violation is reported, and says so.
  unknown: (readError) =>
    `the pull-through cache rules could not be read (${readError}), so the repository may be a pull-through cache`,
};
