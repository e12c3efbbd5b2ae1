/**
 * The one small domain type every AWS event is normalized to. Handlers and the CLI act on
 * this, never on the raw EventBridge envelope.
 */

/** Severity names as ecr-guard ranks them, highest first. */
export const SEVERITIES = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'INFORMATIONAL',
  'UNDEFINED',
] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Counts per normalized severity; a severity absent from the event counts 0. */
export type SeverityCounts = Record<Severity, number>;

/** Where an event happened and what it is about. */
export interface EventOrigin {
  /** EventBridge event id (or CloudTrail eventID), for logs and idempotency. */
  id: string;
  /** ISO-8601 timestamp of the event. */
  time: string;
  /** 12-digit account id the event belongs to. */
  account: string;
  region: string;
}

/** Who made a CloudTrail API call. */
export interface Actor {
  /** `userIdentity.type` (`AssumedRole`, `IAMUser`, `Root`, `AWSService`, …). */
  type: string;
  /** `userIdentity.arn` when present. */
  arn?: string;
  /** Name of the IAM role behind an assumed-role session, when the caller used one. */
  roleName?: string;
  /**
   * ARN of the role that issued the session (`sessionContext.sessionIssuer.arn`): what tells
   * ecr-guard's own calls apart. A role name alone never does: anyone can name a role.
   */
  issuerArn?: string;
  /** The role session's name (the last part of an assumed-role ARN). */
  sessionName?: string;
}

export interface ImagePushedEvent extends EventOrigin {
  kind: 'image-pushed';
  repositoryName: string;
  imageDigest: string;
  imageTag?: string;
}

export interface RepositoryCreatedEvent extends EventOrigin {
  kind: 'repository-created';
  repositoryName: string;
  actor: Actor;
}

/** The ECR API calls that can undo a remediation (drift). */
export const DRIFT_EVENT_NAMES = [
  'PutImageTagMutability',
  'DeleteLifecyclePolicy',
  'PutLifecyclePolicy',
  'PutImageScanningConfiguration',
  'PutRegistryScanningConfiguration',
  'SetRepositoryPolicy',
  'DeleteRepositoryPolicy',
  'CreateRepositoryCreationTemplate',
  'UpdateRepositoryCreationTemplate',
  'DeleteRepositoryCreationTemplate',
  'PutAccountSetting',
] as const;
export type DriftEventName = (typeof DRIFT_EVENT_NAMES)[number];

/**
 * What a drift call changes, and so what to evaluate again: one `repository` (it names it),
 * the `registry` only (its creation templates, its account settings: the registry-level
 * controls), or the `registry` and every repository (the scanning configuration, which the
 * repositories' scanning control also judges).
 */
export const DRIFT_SCOPES: Readonly<
  Record<DriftEventName, 'repository' | 'registry' | 'registry-and-repositories'>
> = {
  PutImageTagMutability: 'repository',
  DeleteLifecyclePolicy: 'repository',
  PutLifecyclePolicy: 'repository',
  PutImageScanningConfiguration: 'repository',
  PutRegistryScanningConfiguration: 'registry-and-repositories',
  SetRepositoryPolicy: 'repository',
  DeleteRepositoryPolicy: 'repository',
  CreateRepositoryCreationTemplate: 'registry',
  UpdateRepositoryCreationTemplate: 'registry',
  DeleteRepositoryCreationTemplate: 'registry',
  PutAccountSetting: 'registry',
};

export interface ConfigurationChangedEvent extends EventOrigin {
  kind: 'configuration-changed';
  eventName: DriftEventName;
  /** Absent for registry-wide calls (`PutRegistryScanningConfiguration`, the templates, …). */
  repositoryName?: string;
  actor: Actor;
}

/**
 * ECR created or filled a repository by itself: a pull-through cache sync, or an image
 * replicated here (`SUCCESS`). Enforced like a push.
 */
export interface RepositoryFilledEvent extends EventOrigin {
  kind: 'repository-filled';
  by: 'pull-through-cache' | 'replication';
  repositoryName: string;
  imageDigest?: string;
  imageTag?: string;
}

/** An image could not be replicated here (`ECR Replication Action` `FAILED`): logged, counted. */
export interface ReplicationFailedEvent extends EventOrigin {
  kind: 'replication-failed';
  repositoryName: string;
  imageDigest: string;
  imageTag?: string;
  sourceAccount: string;
  sourceRegion: string;
}

/** The scan frequency of repositories changed (`ECR Scan Resource Change`): judge them again. */
export interface ScanFrequencyChangedEvent extends EventOrigin {
  kind: 'scan-frequency-changed';
  /** The repositories it names, each once. */
  repositoryNames: string[];
}

export interface BasicScanCompletedEvent extends EventOrigin {
  kind: 'basic-scan-completed';
  repositoryName: string;
  imageDigest: string;
  imageTags: string[];
  /** `COMPLETE`, `FAILED`, … as ECR reports it. */
  scanStatus: string;
  severityCounts: SeverityCounts;
}

export interface EnhancedScanCompletedEvent extends EventOrigin {
  kind: 'enhanced-scan-completed';
  /** The repository name, taken from the ARN Inspector puts in `repository-name`. */
  repositoryName: string;
  imageDigest: string;
  imageTags: string[];
  scanStatus: string;
  severityCounts: SeverityCounts;
}

/** Inspector's status of a finding. */
export type FindingStatus = 'ACTIVE' | 'SUPPRESSED' | 'CLOSED';

/** `YES`, `NO` or `PARTIAL` as Inspector says it, read as: is there any? */
export type Availability = 'YES' | 'NO' | 'PARTIAL';

/**
 * An `Inspector2 Finding` on an ECR image (continuous scanning): created, updated or closed.
 * `account` is the account that owns the image, whichever copy this is: Inspector sends one to
 * the member account and one to its delegated administrator, and both are this same event.
 */
export interface FindingChangedEvent extends EventOrigin {
  kind: 'finding-changed';
  /** The account the event was delivered in (the member's, or the delegated administrator's). */
  deliveredTo: string;
  findingArn: string;
  /** The vulnerability id (`CVE-…`), else Inspector's title. */
  vulnerabilityId: string;
  status: FindingStatus;
  /** Inspector's severity, normalized (`UNTRIAGED` and unknown texts: `UNDEFINED`). */
  severity: Severity;
  /** Inspector's own severity text. */
  reportedSeverity: string;
  title?: string;
  inspectorScore?: number;
  epssScore?: number;
  fixAvailable?: Availability;
  exploitAvailable?: Availability;
  /** ISO-8601, when Inspector says when it last changed the finding. */
  updatedAt?: string;
  packageVulnerability?: {
    vulnerabilityId: string;
    vendorSeverity?: string;
    sourceUrl?: string;
    referenceUrls?: string[];
    cvss?: { baseScore?: number }[];
    vulnerablePackages?: {
      name?: string;
      version?: string;
      release?: string;
      epoch?: number;
      fixedInVersion?: string;
    }[];
  };
  repositoryName: string;
  imageDigest: string;
  imageTags: string[];
  /** ISO-8601 times, when Inspector gives them. */
  pushedAt?: string;
  lastInUseAt?: string;
  inUseCount?: number;
}

/** A valid AWS event that ecr-guard does not act on, and why. */
export interface IgnoredEvent extends EventOrigin {
  kind: 'ignored';
  source: string;
  detailType: string;
  reason: string;
}

export type GuardEvent =
  | ImagePushedEvent
  | RepositoryCreatedEvent
  | ConfigurationChangedEvent
  | RepositoryFilledEvent
  | ReplicationFailedEvent
  | ScanFrequencyChangedEvent
  | BasicScanCompletedEvent
  | EnhancedScanCompletedEvent
  | FindingChangedEvent
  | IgnoredEvent;

export type GuardEventKind = GuardEvent['kind'];
