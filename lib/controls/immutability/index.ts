export type { ImmutabilityConfig, ImmutabilityMode } from './config.ts';
export {
  EXCLUSION_FILTER_PATTERN,
  IMMUTABILITY_DEFAULTS,
  IMMUTABILITY_MODES,
  ImmutabilityConfigSchema,
  MAX_EXCLUSION_FILTERS,
  MIN_EXCLUSION_FILTERS,
} from './config.ts';
export { immutability } from './control.ts';
export { evaluateImmutability } from './evaluate.ts';
export {
  pullThroughCacheExemption,
  pullThroughCacheFact,
  pullThroughCachePrefixOf,
  ROOT_PULL_THROUGH_CACHE_PREFIX,
} from './pull-through-cache.ts';
export type { PutImageTagMutability } from './put-image-tag-mutability.ts';
export { immutabilitySection } from './section.ts';
