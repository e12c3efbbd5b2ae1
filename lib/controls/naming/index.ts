export type { NamingConfig, NamingMode } from './config.ts';
export { NAMING_DEFAULTS, NAMING_MODES, NamingConfigSchema, placeholdersOf } from './config.ts';
export { naming } from './control.ts';
export { evaluateNaming } from './evaluate.ts';
export type { NameReading } from './name-pattern.ts';
export { readName, teamFromName } from './name-pattern.ts';
export { namingPullThroughCacheExemption } from './pull-through-cache.ts';
export { namingSection } from './section.ts';
