/**
 * `Inspector2 Finding` → {@link FindingChangedEvent}: the finding of an ECR image that
 * continuous scanning created, updated or closed.
 *
 * @module
 */
import { InvalidEventError } from './errors.ts';
import {
  type Availability,
  type EventOrigin,
  type FindingChangedEvent,
  SEVERITIES,
  type Severity,
} from './guard-event.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import {
  ECR_IMAGE_RESOURCE_TYPE,
  type GuardEnvelope,
  Inspector2EcrFindingSchema,
  Inspector2FindingResourcesSchema,
} from './schemas/index.ts';

const DETAIL: readonly PropertyKey[] = ['detail'];
const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);
const AVAILABILITY: ReadonlySet<string> = new Set(['YES', 'NO', 'PARTIAL']);

/** Why a finding that is not about an ECR image is not acted on, or `undefined` when it is. */
export type FindingResourceCheck = { ecrImage: true } | { ecrImage: false; reason: string };

/**
 * Whether an `Inspector2 Finding` is about an ECR image. Inspector also reports EC2
 * instances, Lambda functions and code repositories: those are not ecr-guard's.
 *
 * @throws InvalidEventError when the detail has no `resources`
 *
 * @example
 * ```ts
 * findingResourceCheck(envelope); // { ecrImage: false, reason: 'Inspector2 Finding on AWS_EC2_INSTANCE is not acted on' }
 * ```
 */
export function findingResourceCheck(envelope: GuardEnvelope): FindingResourceCheck {
  const { resources } = parseOrThrow(Inspector2FindingResourcesSchema, envelope.detail, DETAIL);
  const other = resources.find((resource) => resource.type !== ECR_IMAGE_RESOURCE_TYPE);
  if (other === undefined) return { ecrImage: true };
  return {
    ecrImage: false,
    reason: `Inspector2 Finding on ${other.type.replace(/[^\x20-\x7e]/g, '?').slice(0, 64)} is not acted on (only ECR images are)`,
  };
}

/**
 * Reads the finding of an ECR image. The copy a delegated administrator receives names the
 * member account in `awsAccountId`: the event is that account's, so both copies are one.
 *
 * @param envelope - an `aws.inspector2` · `Inspector2 Finding` envelope about an ECR image
 * @param origin - the envelope's id, time, account and region
 * @throws InvalidEventError when the detail is not a finding of the expected shape, or names
 *   another region than the event's, or an image of another account than `awsAccountId`
 *
 * @example
 * ```ts
 * const event = findingChangedOf(envelope, originOf(envelope));
 * event.vulnerabilityId; // 'CVE-2024-6119'
 * ```
 */
export function findingChangedOf(
  envelope: GuardEnvelope,
  origin: EventOrigin,
): FindingChangedEvent {
  const finding = parseOrThrow(Inspector2EcrFindingSchema, envelope.detail, DETAIL);
  const [resource] = finding.resources;
  if (resource === undefined) {
    throw new InvalidEventError('detail.resources: expected one AWS_ECR_CONTAINER_IMAGE resource');
  }
  const image = resource.details.awsEcrContainerImage;
  const owner = finding.awsAccountId;
  if (image.registry !== owner) {
    throw new InvalidEventError(
      `detail.resources[0].details.awsEcrContainerImage.registry: ${image.registry} is not detail.awsAccountId ${owner}`,
    );
  }
  const findingRegion = finding.findingArn.split(':')[3];
  if (findingRegion !== envelope.region) {
    throw new InvalidEventError(
      `detail.findingArn: region ${findingRegion} is not the event's region ${envelope.region}`,
    );
  }
  const details = finding.packageVulnerabilityDetails ?? undefined;
  const vulnerabilityId =
    details?.vulnerabilityId.trim() || finding.title?.trim() || finding.findingArn;
  const event: FindingChangedEvent = {
    kind: 'finding-changed',
    ...origin,
    account: owner,
    deliveredTo: envelope.account,
    findingArn: finding.findingArn,
    vulnerabilityId,
    status: finding.status,
    severity: severityOf(finding.severity),
    reportedSeverity: finding.severity,
    repositoryName: image.repositoryName,
    imageDigest: image.imageHash,
    imageTags: image.imageTags ?? [],
  };
  const title = finding.title?.trim();
  if (title) event.title = title;
  if (finding.inspectorScore != null) event.inspectorScore = finding.inspectorScore;
  if (finding.epss != null) event.epssScore = finding.epss.score;
  const fix = availabilityOf(finding.fixAvailable);
  if (fix !== undefined) event.fixAvailable = fix;
  const exploit = availabilityOf(finding.exploitAvailable);
  if (exploit !== undefined) event.exploitAvailable = exploit;
  setTime(event, 'updatedAt', finding.updatedAt);
  setTime(event, 'pushedAt', image.pushedAt);
  setTime(event, 'lastInUseAt', image.lastInUseAt);
  if (image.inUseCount != null) event.inUseCount = image.inUseCount;
  if (details !== undefined) event.packageVulnerability = withoutNulls(details);
  return event;
}

function severityOf(text: string): Severity {
  const upper = text.toUpperCase();
  return SEVERITY_SET.has(upper) ? (upper as Severity) : 'UNDEFINED';
}

function availabilityOf(text: string | null | undefined): Availability | undefined {
  const upper = text?.toUpperCase();
  return upper !== undefined && AVAILABILITY.has(upper) ? (upper as Availability) : undefined;
}

/** Inspector's event times (`Dec 3, 2021, 6:02:30 PM`, `Wed Sep 04 16:55:38.411 UTC 2024`). */
function setTime(
  event: FindingChangedEvent,
  field: 'updatedAt' | 'pushedAt' | 'lastInUseAt',
  value: string | number | null | undefined,
): void {
  if (value === null || value === undefined) return;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (!Number.isNaN(date.getTime())) event[field] = date.toISOString();
}

/** The value with every `null` property removed, recursively (the domain uses `undefined`). */
function withoutNulls<T>(value: T): DeepNonNull<T> {
  if (Array.isArray(value)) return value.map(withoutNulls) as DeepNonNull<T>;
  if (typeof value !== 'object' || value === null) return value as DeepNonNull<T>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null && field !== undefined) out[key] = withoutNulls(field);
  }
  return out as DeepNonNull<T>;
}

type DeepNonNull<T> = T extends readonly (infer E)[]
  ? DeepNonNull<E>[]
  : T extends object
    ? { [K in keyof T]: DeepNonNull<Exclude<T[K], null>> }
    : T;
