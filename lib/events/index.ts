export { actorFromUserIdentity } from './cloudtrail-actor.ts';
export { InvalidEventError } from './errors.ts';
export {
  type Actor,
  type Availability,
  type BasicScanCompletedEvent,
  type ConfigurationChangedEvent,
  DRIFT_EVENT_NAMES,
  DRIFT_SCOPES,
  type DriftEventName,
  type EnhancedScanCompletedEvent,
  type EventOrigin,
  type FindingChangedEvent,
  type FindingStatus,
  type GuardEvent,
  type GuardEventKind,
  type IgnoredEvent,
  type ImagePushedEvent,
  type ReplicationFailedEvent,
  type RepositoryCreatedEvent,
  type RepositoryFilledEvent,
  type ScanFrequencyChangedEvent,
  SEVERITIES,
  type Severity,
  type SeverityCounts,
} from './guard-event.ts';
export { normalizeEvent, parseEventJson } from './normalize-event.ts';
export {
  parseRepositoryArn,
  partitionOf,
  type RepositoryArn,
  repositoryArnOf,
} from './repository-arn.ts';
export { toSeverityCounts } from './severity-counts.ts';
