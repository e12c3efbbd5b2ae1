export { type AccountSettingCall, AccountSettingCallSchema } from './account-setting-call.ts';
export {
  CloudTrailRecordSchema,
  type CreateRepositoryCall,
  CreateRepositoryCallSchema,
  ECR_EVENT_SOURCE,
  type EcrApiCall,
  EcrApiCallSchema,
  type RepositoryConfigurationCall,
  RepositoryConfigurationCallSchema,
  type UserIdentity,
  UserIdentitySchema,
} from './cloudtrail-record.ts';
export { EcrImageActionSchema, type EcrImagePush, EcrImagePushSchema } from './ecr-image-action.ts';
export { type EcrImageScan, EcrImageScanSchema } from './ecr-image-scan.ts';
export {
  type EcrPullThroughCacheAction,
  EcrPullThroughCacheActionSchema,
  EcrPullThroughCacheStatusSchema,
  type EcrReplicationAction,
  EcrReplicationActionSchema,
  EcrReplicationStatusSchema,
  type EcrScanResourceChange,
  EcrScanResourceChangeKindSchema,
  EcrScanResourceChangeSchema,
} from './ecr-repository-actions.ts';
export {
  DETAIL_TYPES,
  EVENT_SOURCES,
  type EventSource,
  type GuardEnvelope,
  GuardEnvelopeSchema,
} from './eventbridge-envelope.ts';
export {
  ECR_IMAGE_RESOURCE_TYPE,
  EcrContainerImageDetailsSchema,
  type Inspector2EcrFinding,
  Inspector2EcrFindingSchema,
  Inspector2FindingResourcesSchema,
} from './inspector2-finding.ts';
export {
  type Inspector2Scan,
  Inspector2ScanSchema,
  Inspector2ScanStatusSchema,
  RepositoryArnSchema,
} from './inspector2-scan.ts';
export {
  AccountIdSchema,
  FindingSeverityCountsSchema,
  ImageDigestSchema,
  ImageTagSchema,
  REPOSITORY_NAME_PATTERN,
  RegionSchema,
  RepositoryNameSchema,
  TimestampSchema,
} from './primitives.ts';
