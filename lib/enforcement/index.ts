export { type AcquireOptions, acquireRemediationLease } from './acquire-remediation-lease.ts';
export type { EnforceRepositoryDeps, EnforceRepositoryInput } from './enforce-repository.ts';
export {
  DEFAULT_LOCK_WAIT_MS,
  enforceRepository,
  REMEDIATION_LEASE_MS,
} from './enforce-repository.ts';
export type { EnforcementResult, HandleEnforcementEventDeps } from './handle-enforcement-event.ts';
export { handleEnforcementEvent, isOwnChange } from './handle-enforcement-event.ts';
export { logEnforcementResult } from './log-enforcement-result.ts';
export type { RemediationLease, RemediationLock } from './remediation-lock.ts';
export {
  InProcessRemediationLock,
  RemediationInProgressError,
  RemediationLeaseEndingError,
  repositoryLockKey,
} from './remediation-lock.ts';
export type { ControlOutcome, ControlStatus, RepositoryReport } from './repository-report.ts';
