export type {
  AlertDedupe,
  ClaimRequest,
  ClaimResult,
  DuplicateClaim,
  WonClaim,
} from './alert-dedupe.ts';
export {
  ALERT_SCHEMA_VERSION,
  type Alert,
  type AlertFinding,
  AlertFindingSchema,
  AlertSchema,
} from './alert-schema.ts';
export {
  alertedCountsText,
  alertSubject,
  imageReference,
  SNS_SUBJECT_MAX_LENGTH,
} from './alert-subject.ts';
export {
  type AlertedSet,
  alertedSetOf,
  mergeAlertedSets,
  newlyAlerted,
} from './alerted-set.ts';
export {
  ALERT_FIELD_LIMITS,
  type BuildAlertInput,
  buildAlert,
  severityCountsOf,
} from './build-alert.ts';
export { type ConsoleLinks, consoleLinks } from './console-links.ts';
export {
  DEDUPE_KEY_ATTRIBUTE,
  DEDUPE_TTL_ATTRIBUTE,
  DEFAULT_DEDUPE_LEASE_SECONDS,
  DEFAULT_DEDUPE_TTL_DAYS,
  DynamoDbAlertDedupe,
  type DynamoDbAlertDedupeOptions,
  dedupeKeyOf,
} from './dynamodb-alert-dedupe.ts';
export { AlertClaimContentionError, AlertError, InvalidAlertError } from './errors.ts';
export { type AlertSubject, alertFingerprint } from './fingerprint.ts';
export { owningTeam, UNOWNED_TEAM } from './owning-team.ts';
export { parseAlertMessage } from './parse-alert-message.ts';
export {
  ALERT_ATTRIBUTE_NAMES,
  type AlertAttributeName,
  type SizedAlert,
  SNS_MAX_MESSAGE_BYTES,
  type SnsAlertMessage,
  snsAlertMessage,
} from './sns-alert-message.ts';
export {
  type AlertPublisher,
  parseTopicArn,
  SnsAlertPublisher,
  type TopicArn,
} from './sns-alert-publisher.ts';
export {
  decodeStoredEntries,
  encodeStoredEntries,
  findingHash,
  MAX_STORED_FINDINGS,
  newlyAlertedSince,
  STORED_FINDING_BYTES,
  type StoredAlertedSet,
  storedAlertedSet,
} from './stored-alerted-set.ts';
