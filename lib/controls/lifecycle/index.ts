export type { LifecycleConfig, LifecycleMode } from './config.ts';
export {
  DEFAULT_LIFECYCLE_POLICY,
  LIFECYCLE_DEFAULTS,
  LIFECYCLE_MODES,
  LifecycleConfigSchema,
} from './config.ts';
export { lifecycle } from './control.ts';
export { evaluateLifecycle } from './evaluate.ts';
export type { PutLifecyclePolicy } from './put-lifecycle-policy.ts';
export { lifecycleSection } from './section.ts';
