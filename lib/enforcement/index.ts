export type { EnforceRepositoryDeps, EnforceRepositoryInput } from './enforce-repository.ts';
export { enforceRepository } from './enforce-repository.ts';
export type { EnforcementResult, HandleEnforcementEventDeps } from './handle-enforcement-event.ts';
export { handleEnforcementEvent } from './handle-enforcement-event.ts';
export { logEnforcementResult } from './log-enforcement-result.ts';
export type { OwnIdentity } from './own-change.ts';
export { ownChangeReason, ownIdentityOf } from './own-change.ts';
export type { RemediationLock } from './remediation-lock.ts';
export {
  InProcessRemediationLock,
  RemediationInProgressError,
  repositoryLockKey,
} from './remediation-lock.ts';
export type { ControlOutcome, ControlStatus, RepositoryReport } from './repository-report.ts';
