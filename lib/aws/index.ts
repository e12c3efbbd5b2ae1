export type {
  AccountRegion,
  ClientFactory,
  ClientFactoryOptions,
  SdkClientClass,
  SdkClientConfig,
} from './client-factory.ts';
export { createClientFactory, SDK_RETRY } from './client-factory.ts';
export type {
  EcrGatewayOptions,
  RemediationWriter,
  RepositoryDescription,
  RepositoryLister,
  RepositoryReader,
} from './ecr-gateway.ts';
export { EcrGateway } from './ecr-gateway.ts';
export { AwsAdapterError, AwsCallError, RepositoryNotFoundError } from './errors.ts';
export { isRetryableAwsError, toAwsCallError } from './translate-error.ts';
