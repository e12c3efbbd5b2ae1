export { DEFAULT_LIFECYCLE_POLICY, DEFAULT_STANDARD } from './default-standard.ts';
export {
  StandardError,
  StandardFileError,
  type StandardIssue,
  StandardValidationError,
} from './errors.ts';
export {
  ACTION_TYPES,
  COUNT_TYPES,
  COUNT_UNITS,
  type CountType,
  canonicalLifecyclePolicyText,
  type LifecyclePolicy,
  LifecyclePolicySchema,
  type LifecycleRule,
  LifecycleRuleSchema,
  lifecyclePoliciesEqual,
  MAX_LIFECYCLE_POLICY_TEXT_LENGTH,
  MAX_LIFECYCLE_RULES,
  MAX_WILDCARDS_PER_PATTERN,
  MIN_DAYS_IN_ARCHIVE,
  MIN_LIFECYCLE_POLICY_TEXT_LENGTH,
  SINCE_COUNT_TYPES,
  STORAGE_CLASSES,
  TAG_STATUSES,
  TARGET_STORAGE_CLASSES,
  type TagStatus,
} from './lifecycle-policy.ts';
export {
  loadStandard,
  parseStandard,
  parseStandardYaml,
  STANDARD_FILE_NAME,
} from './load-standard.ts';
export {
  type CostSettings,
  EXCLUSION_FILTER_PATTERN,
  EXEMPTION_CONTROLS,
  type Exemption,
  type ExemptionControl,
  IMMUTABILITY_MODES,
  type ImmutabilityMode,
  IN_USE_SOURCES,
  type InUseSourceName,
  LIFECYCLE_MODES,
  type LifecycleMode,
  MAX_EXCLUSION_FILTERS,
  MIN_EXCLUSION_FILTERS,
  type Standard,
  StandardSchema,
} from './standard-schema.ts';
export { matchesWildcard, wildcardToRegExp } from './wildcard.ts';
