export type { Control, ControlEvaluation, ControlName } from './control.ts';
export { CONTROL_NAMES } from './control.ts';
export type { Exemption, ExemptionResolution, IgnoredExemption } from './exemptions.ts';
export {
  EXEMPT_REASON_TAG,
  EXEMPT_TAG,
  EXEMPT_UNTIL_TAG,
  resolveExemptions,
} from './exemptions.ts';
export { immutability } from './immutability.ts';
export { lifecycle } from './lifecycle.ts';
export {
  pullThroughCacheExemption,
  pullThroughCachePrefixOf,
  ROOT_PULL_THROUGH_CACHE_PREFIX,
} from './pull-through-cache.ts';
export { CONTROLS, controlNamed } from './registry.ts';
export type { Remediation, RemediationAction } from './remediation.ts';
export type {
  RegistryScanning,
  RegistryScanningRule,
  RepositoryState,
} from './repository-state.ts';
export { mergeRegistryScanning, scanning } from './scanning.ts';
