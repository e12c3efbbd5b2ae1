export type { InUseSourceName, LifecycleConfig, LifecycleMode } from './config.ts';
export {
  DEFAULT_LIFECYCLE_POLICY,
  IN_USE_SOURCES,
  LIFECYCLE_DEFAULTS,
  LIFECYCLE_MODES,
  LifecycleConfigSchema,
  MAX_IN_USE_WINDOW_DAYS,
} from './config.ts';
export { lifecycle } from './control.ts';
export { evaluateLifecycle } from './evaluate.ts';
export { lifecycleGuard } from './guard.ts';
export { imagesFact } from './images-fact.ts';
export {
  type ImagesInUseOptions,
  inUseCalls,
  readImagesInUse,
} from './in-use/images-in-use.ts';
export {
  ecsImagesInUseFact,
  IN_USE_FACTS,
  inspectorImagesInUseFact,
  lambdaImagesInUseFact,
  type SourceUses,
} from './in-use/in-use-facts.ts';
export type { PutLifecyclePolicy } from './put-lifecycle-policy.ts';
export { lifecycleSection } from './section.ts';
