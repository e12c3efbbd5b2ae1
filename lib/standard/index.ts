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
} from '#lib/lifecycle/lifecycle-policy.ts';
export { matchesWildcard, wildcardToRegExp } from '#lib/text/wildcard.ts';
export { broadStandardProblems } from './broad-standard.ts';
export {
  BYTES_PER_GB,
  COST_DEFAULTS,
  CostSchema,
  type CostSettings,
  monthlyStorageCost,
  type StoragePrice,
  storagePriceFor,
} from './cost.ts';
export { DEFAULT_LIFECYCLE_POLICY, DEFAULT_STANDARD } from './default-standard.ts';
export type { EffectiveStandard } from './effective-standard.ts';
export { effectiveStandard, scopeMatches, scopesNeedTags } from './effective-standard.ts';
export {
  StandardError,
  StandardFileError,
  type StandardIssue,
  StandardValidationError,
} from './errors.ts';
export {
  loadStandard,
  parseStandard,
  parseStandardYaml,
  STANDARD_FILE_NAME,
} from './load-standard.ts';
export {
  DEFAULT_EXEMPTION_HELP,
  durationMs,
  NoticesSchema,
  type NoticesSettings,
} from './notices-settings.ts';
export { standardPermissions } from './standard-permissions.ts';
export {
  BASE_SCOPE,
  EXEMPTION_CONTROLS,
  type Exemption,
  type ExemptionControl,
  type Scope,
  SECTION_KEYS,
  type Standard,
  StandardSchema,
  type StandardSections,
} from './standard-schema.ts';
export { standardWarnings } from './standard-warnings.ts';
