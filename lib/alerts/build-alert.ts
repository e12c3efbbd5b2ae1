/**
 * Builds the alert from a completed scan: what on-call needs to act in five seconds.
 *
 * @module
 */
import { SEVERITIES, type Severity, type SeverityCounts } from '#lib/events/guard-event.ts';
import { repositoryArnOf } from '#lib/events/repository-arn.ts';
import {
  type CompleteScan,
  compareFindings,
  compareSeverity,
  type Finding,
  findingKey,
  isAtOrAbove,
  isWebLink,
  type ScanCompletedEvent,
  scannedImageOf,
} from '#lib/findings/index.ts';
import { truncateText } from '#lib/text/index.ts';
import { ALERT_SCHEMA_VERSION, type Alert, type AlertFinding } from './alert-schema.ts';
import { consoleLinks } from './console-links.ts';
import type { ImageUsage } from './image-usage.ts';

/** Field lengths an alert keeps: a finding stays small whatever its source wrote. */
export const ALERT_FIELD_LIMITS = {
  id: 200,
  title: 300,
  package: 200,
  version: 200,
  link: 2_000,
} as const;

export interface BuildAlertInput {
  event: ScanCompletedEvent;
  scan: CompleteScan;
  minSeverity: Severity;
  team: string;
  /** `new` for the image's first alert, `update` when findings were added since. */
  kind: 'new' | 'update';
  /** Finding keys first alerted by this alert (every alerted key for a `new` alert). */
  newKeys: ReadonlySet<string>;
  fingerprint: string;
  /** The how-many-th alert of the image (see `Alert.generation`); absent in a dry run. */
  generation?: number;
  /** Whether the image runs, when Inspector says (continuous scanning). */
  usage?: ImageUsage;
}

/**
 * Builds the alert. Findings below the threshold only count in `severityCounts`; the others
 * are listed once per finding key, new ones first, then by severity and score.
 *
 * @param input - the event, its scan, and what deduplication decided
 * @returns the alert, with every alerted finding (SNS sizing may truncate the list later)
 *
 * @example
 * ```ts
 * const alert = buildAlert({
 *   event, scan, minSeverity: 'HIGH', team: 'payments',
 *   kind: 'new', newKeys: new Set(alerted.keys()), fingerprint,
 * });
 * ```
 */
export function buildAlert(input: BuildAlertInput): Alert {
  const { event, scan, minSeverity, newKeys } = input;
  const { image } = scannedImageOf(event);
  const alerted = uniqueByKey(scan.findings.filter((f) => isAtOrAbove(f.severity, minSeverity)));
  const findings = alerted
    .map((finding) => toAlertFinding(finding, newKeys.has(findingKey(finding))))
    .sort((a, b) => Number(b.new) - Number(a.new) || compareFindings(a, b));
  const fresh = findings.filter((finding) => finding.new);
  return {
    schemaVersion: ALERT_SCHEMA_VERSION,
    kind: input.kind,
    fingerprint: input.fingerprint,
    ...(input.generation === undefined ? {} : { generation: input.generation }),
    event: { id: event.id, time: event.time },
    account: { id: event.account },
    region: event.region,
    repository: { name: event.repositoryName, arn: repositoryArnOf(image) },
    team: input.team,
    image: {
      digest: event.imageDigest,
      tags: [...event.imageTags],
      omittedTags: 0,
      ...(scan.pushedAt === undefined ? {} : { pushedAt: scan.pushedAt }),
      ...(input.usage === undefined ? {} : { usage: input.usage }),
    },
    scanner: scan.scanner,
    minSeverity,
    severity: highest(fresh.length > 0 ? fresh : findings) ?? minSeverity,
    severityCounts: severityCountsOf(scan.findings),
    alertedCount: findings.length,
    newCount: fresh.length,
    findings,
    omittedFindings: 0,
    links: consoleLinks(image),
  };
}

/** One finding per key: the most severe, then the best scored. */
function uniqueByKey(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const finding of findings) {
    const key = findingKey(finding);
    const known = byKey.get(key);
    if (known === undefined || compareFindings(finding, known) < 0) byKey.set(key, finding);
  }
  return [...byKey.values()];
}

/**
 * One finding as an alert lists it, its texts cut to {@link ALERT_FIELD_LIMITS}.
 *
 * @example
 * ```ts
 * toAlertFinding({ id: "CVE-1", severity: "HIGH" }, true); // { id: "CVE-1", severity: "HIGH", new: true }
 * ```
 */
export function toAlertFinding(finding: Finding, isNew: boolean): AlertFinding {
  const limit = ALERT_FIELD_LIMITS;
  const out: AlertFinding = {
    id: truncateText(finding.id, limit.id),
    severity: finding.severity,
    new: isNew,
  };
  if (finding.reportedSeverity !== undefined) {
    out.reportedSeverity = truncateText(finding.reportedSeverity, limit.version);
  }
  if (finding.title !== undefined) out.title = truncateText(finding.title, limit.title);
  if (finding.packageName !== undefined) {
    out.packageName = truncateText(finding.packageName, limit.package);
  }
  if (finding.installedVersion !== undefined) {
    out.installedVersion = truncateText(finding.installedVersion, limit.version);
  }
  if (finding.fixedInVersion !== undefined) {
    out.fixedInVersion = truncateText(finding.fixedInVersion, limit.version);
  }
  if (finding.score !== undefined) out.score = finding.score;
  if (finding.exploitAvailable !== undefined) out.exploitAvailable = finding.exploitAvailable;
  if (finding.fixAvailable !== undefined) out.fixAvailable = finding.fixAvailable;
  if (finding.epssScore !== undefined) out.epssScore = finding.epssScore;
  // A link cut short would be a wrong link: drop it instead.
  if (isWebLink(finding.link) && finding.link.length <= limit.link) out.link = finding.link;
  return out;
}

function highest(findings: readonly AlertFinding[]): Severity | undefined {
  return findings.map((f) => f.severity).sort(compareSeverity)[0];
}

/**
 * Counts findings by severity (every finding, below the threshold too).
 *
 * @example
 * ```ts
 * severityCountsOf([{ id: 'CVE-1', severity: 'HIGH' }]).HIGH; // 1
 * ```
 */
export function severityCountsOf(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
