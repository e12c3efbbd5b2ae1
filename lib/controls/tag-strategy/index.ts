export type { TagKind, TagStrategyConfig, TagStrategyMode } from './config.ts';
export {
  TAG_KINDS,
  TAG_STRATEGY_DEFAULTS,
  TAG_STRATEGY_MODES,
  TagStrategyConfigSchema,
} from './config.ts';
export { tagStrategy } from './control.ts';
export { evaluateTagStrategy, isAllowedTag } from './evaluate.ts';
export { tagStrategySection } from './section.ts';
