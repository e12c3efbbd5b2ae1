export { type AcquireOptions, acquireRemediationLease } from './acquire-remediation-lease.ts';
export { decide } from './decide.ts';
export {
  DynamoDbRemediationLock,
  type DynamoDbRemediationLockOptions,
} from './dynamodb-remediation-lock.ts';
export { type EnforceRegistryDeps, enforceRegistry } from './enforce-registry.ts';
export type { EnforceRepositoryDeps, EnforceRepositoryInput } from './enforce-repository.ts';
export {
  DEFAULT_LOCK_WAIT_MS,
  enforceRepository,
  REMEDIATION_LEASE_MS,
} from './enforce-repository.ts';
export { EnforcementError } from './errors.ts';
export type { OwnIdentity } from './own-change.ts';
export { ownChangeReason } from './own-change.ts';
export type { RemediationLease, RemediationLock } from './remediation-lock.ts';
export {
  InProcessRemediationLock,
  REMEDIATION_LOCK_KEY_PREFIX,
  RemediationInProgressError,
  RemediationLeaseEndingError,
  repositoryLockKey,
} from './remediation-lock.ts';
export type {
  ControlOutcome,
  ControlStatus,
  RegistryReport,
  RepositoryEvidence,
  RepositoryReport,
  StorageReport,
} from './repository-report.ts';
