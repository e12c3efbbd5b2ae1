export {
  type CheckPolicyInUseDeps,
  checkPolicyInUse,
  type PolicyInUseCheck,
} from './check-policy-in-use.ts';
export { evaluateLifecyclePolicy } from './evaluate-lifecycle-policy.ts';
export { type EcrImageReference, parseEcrImageUri } from './image-reference.ts';
export {
  IMAGE_USE_KINDS,
  ImagesInUse,
  type ImageUse,
  type ImageUseKind,
  inUseWithin,
} from './image-use.ts';
export { layerBytesFreed, type ManifestBlobs, manifestBlobs } from './layer-bytes.ts';
export type { ImageDecision, LifecycleAction } from './lifecycle-decision.ts';
export type { ImageStatus, LifecycleImage } from './lifecycle-image.ts';
export { IMAGE_STATUSES, storageClassOf } from './lifecycle-image.ts';
export {
  lifecyclePolicyWarnings,
  type PolicyWarning,
  type PolicyWarningContext,
} from './policy-warnings.ts';
export {
  describeInUseVerdict,
  type InUseHit,
  type InUseState,
  type InUseVerdict,
  protectInUse,
} from './protect-in-use.ts';
export { type RepositoryStorage, repositoryStorage } from './repository-storage.ts';
export { ruleSelects } from './rule-selection.ts';
