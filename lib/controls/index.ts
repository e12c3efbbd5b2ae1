export type { EnforcementPermissions } from './actions.ts';
export {
  controlActions,
  ENGINE_FACTS,
  enforcementActions,
  enforcementPermissions,
  factsOf,
  registryWriteActions,
} from './actions.ts';
export type {
  Control,
  ControlEvaluation,
  ControlGuard,
  ControlLevel,
  ControlSection,
  ExemptionHook,
  GuardFinding,
  GuardInput,
  GuardOccasion,
  RegistryControl,
  RegistryState,
  RemediationBase,
  RemediationKind,
  RemediationKinds,
  RepositoryControl,
  RepositoryState,
  StorageFigures,
} from './control.ts';
export {
  defineRegistryControl,
  defineRepositoryControl,
  defineSection,
  isFixable,
} from './control.ts';
export type { EcrFactReaderOptions, FactReader } from './ecr-fact-reader.ts';
export { EcrFactReader } from './ecr-fact-reader.ts';
export type { EcrGatewayOptions, RemediationWriter, RepositoryLister } from './ecr-gateway.ts';
export { EcrGateway } from './ecr-gateway.ts';
export type {
  Exemption,
  ExemptionResolution,
  ExemptionRule,
  IgnoredExemption,
} from './exemptions.ts';
export {
  ALL_CONTROLS,
  EXEMPT_REASON_TAG,
  EXEMPT_TAG,
  EXEMPT_UNTIL_TAG,
  resolveExemptions,
} from './exemptions.ts';
export type {
  AnyFact,
  AnyRegistryFact,
  AnyRepositoryFact,
  EcrSender,
  FactContext,
  FactValue,
  RegistryFact,
  RepositoryFact,
  RepositoryRef,
  StateOf,
} from './fact.ts';
export { defineRegistryFact, defineRepositoryFact } from './fact.ts';
export type {
  RegistryScanning,
  RegistryScanningRule,
  RepositoryDescription,
} from './facts/index.ts';
export {
  lifecyclePolicyFact,
  readRegistryScanning,
  registryScanningFact,
  repositoryFact,
  tagsFact,
  toRepositoryDescription,
} from './facts/index.ts';
export type { GatewayPool } from './gateway-pool.ts';
export { createGatewayPool } from './gateway-pool.ts';
export * from './immutability/index.ts';
export * from './lifecycle/index.ts';
export type { RegisteredControl, Remediation, RemediationAction } from './registry.ts';
export {
  CONTROLS,
  controlNamed,
  REGISTRY_CONTROLS,
  REPOSITORY_CONTROLS,
  remediationKindOf,
} from './registry.ts';
export * from './scanning/index.ts';
export type { ControlName, RegisteredSection } from './sections.ts';
export { CONTROL_NAMES, SECTIONS } from './sections.ts';
