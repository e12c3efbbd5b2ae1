export type {
  AccountAccess,
  AccountAccessOptions,
  CrossAccountSettings,
} from './account-access.ts';
export { createAccountAccess } from './account-access.ts';
export type {
  AccountAllowList,
  AccountAllowListOptions,
  AllowedAccounts,
} from './account-allow-list.ts';
export { createAccountAllowList } from './account-allow-list.ts';
export type { AssumeRoleCredentialsOptions, AssumeRoleSender } from './assume-role-credentials.ts';
export { assumeRoleCredentials } from './assume-role-credentials.ts';
export { atMostOnceRetryStrategy, isSafeToResend } from './at-most-once-retry-strategy.ts';
export type {
  AccountRegion,
  ClientFactory,
  ClientFactoryOptions,
  ClientProfile,
  SdkClientClass,
  SdkClientConfig,
} from './client-factory.ts';
export {
  AT_MOST_ONCE_ATTEMPTS,
  createClientFactory,
  SDK_CALL_BOUND_MS,
  SDK_RETRY,
  SDK_RETRY_BULK,
  SDK_TIMEOUTS,
} from './client-factory.ts';
export type { CrossAccountCredentialsOptions } from './cross-account-credentials.ts';
export {
  crossAccountCredentials,
  MEMBER_ROLE_NAME,
  READER_ROLE_NAME,
  SESSION_NAME_PREFIX,
} from './cross-account-credentials.ts';
export { AccountNotAllowedError, MemberRoleAssumptionError } from './cross-account-errors.ts';
export { AwsAdapterError, AwsCallError, RepositoryNotFoundError } from './errors.ts';
export { isRetryableAwsError, toAwsCallError } from './translate-error.ts';
