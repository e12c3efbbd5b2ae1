export { evaluateLifecyclePolicy } from './evaluate-lifecycle-policy.ts';
export type { ImageDecision, LifecycleAction } from './lifecycle-decision.ts';
export type { ImageStatus, LifecycleImage } from './lifecycle-image.ts';
export { IMAGE_STATUSES, storageClassOf } from './lifecycle-image.ts';
export { ruleSelects } from './rule-selection.ts';
