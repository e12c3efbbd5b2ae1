/**
 * Turns a raw EventBridge event into the one small {@link GuardEvent} the handlers act on.
 *
 * @module
 */
import { checkNamedAccount, checkResourceAccounts } from './account-consistency.ts';
import { actorFromUserIdentity } from './cloudtrail-actor.ts';
import { InvalidEventError } from './errors.ts';
import { findingChangedOf, findingResourceCheck } from './finding-changed.ts';
import {
  type ConfigurationChangedEvent,
  DRIFT_EVENT_NAMES,
  DRIFT_SCOPES,
  type DriftEventName,
  type EventOrigin,
  type GuardEvent,
  type IgnoredEvent,
} from './guard-event.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { parseRepositoryArn } from './repository-arn.ts';
import {
  AccountSettingCallSchema,
  CloudTrailRecordSchema,
  CreateRepositoryCallSchema,
  DETAIL_TYPES,
  ECR_EVENT_SOURCE,
  type EcrApiCall,
  EcrApiCallSchema,
  EcrImageActionSchema,
  EcrImagePushSchema,
  EcrImageScanSchema,
  EcrPullThroughCacheActionSchema,
  EcrPullThroughCacheStatusSchema,
  EcrReplicationActionSchema,
  EcrReplicationStatusSchema,
  EcrScanResourceChangeKindSchema,
  EcrScanResourceChangeSchema,
  type GuardEnvelope,
  GuardEnvelopeSchema,
  Inspector2ScanSchema,
  Inspector2ScanStatusSchema,
  RepositoryConfigurationCallSchema,
} from './schemas/index.ts';
import { toSeverityCounts } from './severity-counts.ts';

const DETAIL: readonly PropertyKey[] = ['detail'];

/**
 * Validates a raw EventBridge event and normalizes it.
 *
 * 1. Check the envelope: an object, a source ecr-guard's rules forward, a 12-digit account, a
 *    region, a timestamp, an object `detail`.
 * 2. Read the detail of the detail-types ecr-guard acts on, strictly.
 * 3. Return every other valid event as `ignored`, with the reason.
 *
 * @param raw - the event as Lambda (or the CLI) received it
 * @returns the normalized event; `kind: 'ignored'` for a valid event ecr-guard does not act on
 * @throws InvalidEventError when the event is not a valid AWS event of the expected shape:
 *   log it and drop it, retrying cannot fix it
 *
 * @example
 * ```ts
 * const event = normalizeEvent(rawEvent);
 * if (event.kind === 'image-pushed') {
 *   await enforceRepository(
 *     { account: event.account, region: event.region, repositoryName: event.repositoryName },
 *     deps,
 *   );
 * }
 * ```
 */
export function normalizeEvent(raw: unknown): GuardEvent {
  const envelope = parseOrThrow(GuardEnvelopeSchema, raw);
  const detailType = envelope['detail-type'];
  if (envelope.source === 'aws.ecr') {
    // ECR names only its own account's resources. (Inspector also delivers its delegated
    // administrator the events of member accounts: those are ignored, below.)
    checkResourceAccounts(envelope.resources, envelope.account);
    switch (detailType) {
      case DETAIL_TYPES.imageAction:
        return fromImageAction(envelope);
      case DETAIL_TYPES.imageScan:
        return fromImageScan(envelope);
      case DETAIL_TYPES.apiCallViaCloudTrail:
        return fromApiCall(envelope);
      case DETAIL_TYPES.pullThroughCacheAction:
        return fromPullThroughCacheAction(envelope);
      case DETAIL_TYPES.replicationAction:
        return fromReplicationAction(envelope);
      case DETAIL_TYPES.scanResourceChange:
        return fromScanResourceChange(envelope);
      case DETAIL_TYPES.serviceEventViaCloudTrail:
        return ignored(
          envelope,
          `CloudTrail service event ${printable(envelope.detail.eventName)} is not acted on`,
        );
    }
  }
  if (envelope.source === 'aws.inspector2' && detailType === DETAIL_TYPES.inspector2Scan) {
    return fromInspector2Scan(envelope);
  }
  if (envelope.source === 'aws.inspector2' && detailType === DETAIL_TYPES.inspector2Finding) {
    const check = findingResourceCheck(envelope);
    return check.ecrImage
      ? findingChangedOf(envelope, originOf(envelope))
      : ignored(envelope, check.reason);
  }
  if (envelope.source === 'aws.inspector') {
    return ignored(
      envelope,
      `${printable(detailType)} from Inspector Classic (aws.inspector) is not acted on`,
    );
  }
  return ignored(envelope, `${printable(detailType)} (${envelope.source}) is not acted on`);
}

/**
 * Parses a JSON text (a file, stdin) and normalizes the event in it.
 *
 * @param text - the JSON text of one EventBridge event
 * @returns the normalized event
 * @throws InvalidEventError `not JSON: …` when the text does not parse, and as
 *   {@link normalizeEvent} otherwise
 *
 * @example
 * ```ts
 * const event = parseEventJson(await readFile('event.json', 'utf8'));
 * ```
 */
export function parseEventJson(text: string): GuardEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidEventError(`not JSON: ${reason}`, { cause: error });
  }
  return normalizeEvent(raw);
}

function originOf(envelope: GuardEnvelope): EventOrigin {
  return {
    id: envelope.id,
    time: envelope.time,
    account: envelope.account,
    region: envelope.region,
  };
}

function ignored(envelope: GuardEnvelope, reason: string): IgnoredEvent {
  return {
    kind: 'ignored',
    ...originOf(envelope),
    source: envelope.source,
    detailType: envelope['detail-type'],
    reason,
  };
}

function fromImageAction(envelope: GuardEnvelope): GuardEvent {
  const action = parseOrThrow(EcrImageActionSchema, envelope.detail, DETAIL);
  const actionType = action['action-type'];
  if (actionType !== 'PUSH') {
    return ignored(envelope, `ECR Image Action ${printable(actionType)} is not acted on`);
  }
  if (action.result !== 'SUCCESS') {
    return ignored(
      envelope,
      `ECR Image Action PUSH with result ${printable(action.result)} is not acted on`,
    );
  }
  const push = parseOrThrow(EcrImagePushSchema, envelope.detail, DETAIL);
  const imageTag = push['image-tag'];
  return {
    kind: 'image-pushed',
    ...originOf(envelope),
    repositoryName: push['repository-name'],
    imageDigest: push['image-digest'],
    ...(imageTag ? { imageTag } : {}),
  };
}

function fromPullThroughCacheAction(envelope: GuardEnvelope): GuardEvent {
  const { 'sync-status': status } = parseOrThrow(
    EcrPullThroughCacheStatusSchema,
    envelope.detail,
    DETAIL,
  );
  if (status !== 'SUCCESS') {
    return ignored(
      envelope,
      `ECR Pull Through Cache Action with sync-status ${printable(status)} is not acted on`,
    );
  }
  const action = parseOrThrow(EcrPullThroughCacheActionSchema, envelope.detail, DETAIL);
  const imageTag = action['image-tag'];
  const imageDigest = action['image-digest'];
  return {
    kind: 'repository-filled',
    ...originOf(envelope),
    by: 'pull-through-cache',
    repositoryName: action['repository-name'],
    ...(imageDigest ? { imageDigest } : {}),
    ...(imageTag ? { imageTag } : {}),
  };
}

function fromReplicationAction(envelope: GuardEnvelope): GuardEvent {
  const status = parseOrThrow(EcrReplicationStatusSchema, envelope.detail, DETAIL);
  if (status['action-type'] !== 'REPLICATE') {
    return ignored(
      envelope,
      `ECR Replication Action ${printable(status['action-type'])} is not acted on`,
    );
  }
  if (status.result !== 'SUCCESS' && status.result !== 'FAILED') {
    return ignored(
      envelope,
      `ECR Replication Action with result ${printable(status.result)} is not acted on`,
    );
  }
  const action = parseOrThrow(EcrReplicationActionSchema, envelope.detail, DETAIL);
  const imageTag = action['image-tag'];
  if (status.result === 'FAILED') {
    return {
      kind: 'replication-failed',
      ...originOf(envelope),
      repositoryName: action['repository-name'],
      imageDigest: action['image-digest'],
      ...(imageTag ? { imageTag } : {}),
      sourceAccount: action['source-account'],
      sourceRegion: action['source-region'],
    };
  }
  return {
    kind: 'repository-filled',
    ...originOf(envelope),
    by: 'replication',
    repositoryName: action['repository-name'],
    imageDigest: action['image-digest'],
    ...(imageTag ? { imageTag } : {}),
  };
}

function fromScanResourceChange(envelope: GuardEnvelope): GuardEvent {
  const kind = parseOrThrow(EcrScanResourceChangeKindSchema, envelope.detail, DETAIL);
  if (kind['action-type'] !== 'SCAN_FREQUENCY_CHANGE' || kind['resource-type'] !== 'REPOSITORY') {
    return ignored(
      envelope,
      `ECR Scan Resource Change ${printable(kind['action-type'])} of ${printable(kind['resource-type'])} is not acted on`,
    );
  }
  const change = parseOrThrow(EcrScanResourceChangeSchema, envelope.detail, DETAIL);
  change.repositories.forEach((repository, index) => {
    const arn = repository['repository-arn'];
    const parsed = arn === undefined || arn === null ? undefined : parseRepositoryArn(arn);
    if (arn !== undefined && arn !== null && parsed === undefined) {
      throw new InvalidEventError(
        `detail.repositories[${index}].repository-arn: not a repository ARN`,
      );
    }
    // A repository of another registry must not be enforced here under the same name.
    if (
      parsed !== undefined &&
      (parsed.account !== envelope.account ||
        parsed.region !== envelope.region ||
        parsed.repositoryName !== repository['repository-name'])
    ) {
      throw new InvalidEventError(
        `detail.repositories[${index}].repository-arn: ${arn} is not repository ${repository['repository-name']} of ${envelope.account}/${envelope.region}`,
      );
    }
  });
  return {
    kind: 'scan-frequency-changed',
    ...originOf(envelope),
    repositoryNames: [...new Set(change.repositories.map((r) => r['repository-name']))],
  };
}

function fromImageScan(envelope: GuardEnvelope): GuardEvent {
  const scan = parseOrThrow(EcrImageScanSchema, envelope.detail, DETAIL);
  return {
    kind: 'basic-scan-completed',
    ...originOf(envelope),
    repositoryName: scan['repository-name'],
    imageDigest: scan['image-digest'],
    imageTags: scan['image-tags'] ?? [],
    scanStatus: scan['scan-status'],
    severityCounts: toSeverityCounts(scan['finding-severity-counts']),
  };
}

function fromInspector2Scan(envelope: GuardEnvelope): GuardEvent {
  const { 'scan-status': scanStatus } = parseOrThrow(
    Inspector2ScanStatusSchema,
    envelope.detail,
    DETAIL,
  );
  if (scanStatus !== 'INITIAL_SCAN_COMPLETE') {
    return ignored(
      envelope,
      `Inspector2 Scan with scan-status ${printable(scanStatus)} is not acted on`,
    );
  }
  const scan = parseOrThrow(Inspector2ScanSchema, envelope.detail, DETAIL);
  const repository = scan['repository-name'];
  if (repository.region !== envelope.region) {
    throw new InvalidEventError(
      `detail.repository-name: region ${repository.region} is not the event's region ${envelope.region}`,
    );
  }
  if (repository.account !== envelope.account) {
    // Inspector also sends a delegated administrator the events of its member accounts; the
    // member account's own copy is the one to act on, in the account that owns the repository.
    return ignored(
      envelope,
      `Inspector2 Scan of a repository in account ${repository.account} delivered to account ${envelope.account} is not acted on`,
    );
  }
  return {
    kind: 'enhanced-scan-completed',
    ...originOf(envelope),
    repositoryName: repository.repositoryName,
    imageDigest: scan['image-digest'],
    imageTags: scan['image-tags'] ?? [],
    scanStatus,
    severityCounts: toSeverityCounts(scan['finding-severity-counts']),
  };
}

function fromApiCall(envelope: GuardEnvelope): GuardEvent {
  const record = parseOrThrow(CloudTrailRecordSchema, envelope.detail, DETAIL);
  const name = printable(record.eventName);
  if (record.eventSource !== ECR_EVENT_SOURCE) {
    return ignored(
      envelope,
      `CloudTrail call ${name} to ${printable(record.eventSource)} is not acted on`,
    );
  }
  if (record.errorCode !== undefined && record.errorCode !== null) {
    return ignored(
      envelope,
      `CloudTrail call ${name} failed (${printable(record.errorCode)}): nothing changed`,
    );
  }
  if (record.eventName === 'CreateRepository') {
    return fromCreateRepository(envelope);
  }
  if (isDriftEventName(record.eventName)) {
    return fromDriftCall(envelope, record.eventName);
  }
  return ignored(envelope, `CloudTrail call ${name} is not acted on`);
}

function fromCreateRepository(envelope: GuardEnvelope): GuardEvent {
  const call = parseOrThrow(CreateRepositoryCallSchema, envelope.detail, DETAIL);
  const elsewhere = checkWhereCalled(envelope, call);
  if (elsewhere) {
    return elsewhere;
  }
  const created = call.responseElements?.repository;
  const repository = 'detail.responseElements.repository';
  checkNamedAccount(`${repository}.registryId`, created?.registryId, envelope.account);
  checkNamedAccount(`${repository}.repositoryArn`, created?.repositoryArn, envelope.account);
  const repositoryName =
    call.requestParameters?.repositoryName ??
    call.responseElements?.repository?.repositoryName ??
    undefined;
  if (repositoryName === undefined) {
    throw new InvalidEventError(
      'detail.requestParameters.repositoryName: missing, and no responseElements.repository.repositoryName',
    );
  }
  return {
    kind: 'repository-created',
    ...originOf(envelope),
    repositoryName,
    actor: actorFromUserIdentity(call.userIdentity),
  };
}

function fromDriftCall(envelope: GuardEnvelope, eventName: DriftEventName): GuardEvent {
  if (eventName === 'PutAccountSetting') {
    const call = parseOrThrow(AccountSettingCallSchema, envelope.detail, DETAIL);
    const elsewhere = checkWhereCalled(envelope, call);
    if (elsewhere) return elsewhere;
    if (call.requestParameters.name !== 'BASIC_SCAN_TYPE_VERSION') {
      return ignored(
        envelope,
        `CloudTrail call PutAccountSetting of ${printable(call.requestParameters.name)} is not acted on`,
      );
    }
    return configurationChanged(envelope, eventName, call);
  }
  if (DRIFT_SCOPES[eventName] !== 'repository') {
    const call = parseOrThrow(EcrApiCallSchema, envelope.detail, DETAIL);
    return checkWhereCalled(envelope, call) ?? configurationChanged(envelope, eventName, call);
  }
  const call = parseOrThrow(RepositoryConfigurationCallSchema, envelope.detail, DETAIL);
  return (
    checkWhereCalled(envelope, call) ??
    configurationChanged(envelope, eventName, call, call.requestParameters.repositoryName)
  );
}

function configurationChanged(
  envelope: GuardEnvelope,
  eventName: DriftEventName,
  call: EcrApiCall,
  repositoryName?: string,
): ConfigurationChangedEvent {
  return {
    kind: 'configuration-changed',
    ...originOf(envelope),
    eventName,
    ...(repositoryName === undefined ? {} : { repositoryName }),
    actor: actorFromUserIdentity(call.userIdentity),
  };
}

/**
 * Checks that a call happened where the envelope says, and returns an `ignored` event when it
 * was made against another account's registry (`registryId`): acting on it here would change a
 * same-named repository of the wrong account.
 */
function checkWhereCalled(envelope: GuardEnvelope, call: EcrApiCall): IgnoredEvent | undefined {
  if (call.awsRegion !== envelope.region) {
    throw new InvalidEventError(
      `detail.awsRegion: ${call.awsRegion} is not the event's region ${envelope.region}`,
    );
  }
  const recipient = call.recipientAccountId;
  if (recipient !== undefined && recipient !== null && recipient !== envelope.account) {
    throw new InvalidEventError(
      `detail.recipientAccountId: ${recipient} is not the event's account ${envelope.account}`,
    );
  }
  if (recipient === undefined || recipient === null) {
    // A caller of another account is what a cross-account call looks like, and CloudTrail
    // then says which account it recorded the call in (recipientAccountId, checked above).
    // Without that, the record contradicts its envelope.
    checkNamedAccount(
      'detail.userIdentity.accountId',
      call.userIdentity.accountId,
      envelope.account,
    );
  }
  const registryId = call.requestParameters?.registryId;
  if (registryId !== undefined && registryId !== null && registryId !== envelope.account) {
    return ignored(
      envelope,
      `CloudTrail call ${call.eventName} on the registry of account ${registryId} is not acted on in account ${envelope.account}`,
    );
  }
  return undefined;
}

function isDriftEventName(name: string): name is DriftEventName {
  return (DRIFT_EVENT_NAMES as readonly string[]).includes(name);
}

/** A value from the event, safe and short enough to put in a reason or a log line. */
function printable(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    return '(unnamed)';
  }
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}
