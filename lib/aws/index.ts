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
export type {
  AccountRegion,
  ClientFactory,
  ClientFactoryOptions,
  SdkClientClass,
  SdkClientConfig,
  SdkRequestHandler,
} from './client-factory.ts';
export { createClientFactory, SDK_RETRY, SDK_RETRY_BULK } from './client-factory.ts';
export type { CrossAccountCredentialsOptions } from './cross-account-credentials.ts';
export { crossAccountCredentials, MEMBER_ROLE_NAME } from './cross-account-credentials.ts';
export { AccountNotAllowedError, MemberRoleAssumptionError } from './cross-account-errors.ts';
export { DynamoDbRemediationLock } from './dynamodb-remediation-lock.ts';
export type {
  EcrGatewayOptions,
  RemediationWriter,
  RepositoryDescription,
  RepositoryLister,
  RepositoryPage,
  RepositoryReader,
} from './ecr-gateway.ts';
export { EcrGateway } from './ecr-gateway.ts';
export { ENFORCEMENT_GATEWAY_ACTIONS, enforcementActions } from './enforcement-actions.ts';
export { AwsAdapterError, AwsCallError, RepositoryNotFoundError } from './errors.ts';
export { isRetryableAwsError, toAwsCallError } from './translate-error.ts';
