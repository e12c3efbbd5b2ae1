/**
 * The findings use case: from a completed scan to one deduplicated alert on SNS.
 *
 * @module
 */

import type { AlertDedupe, WonClaim } from '#lib/alerts/alert-dedupe.ts';
import type { Alert } from '#lib/alerts/alert-schema.ts';
import { alertedSetOf } from '#lib/alerts/alerted-set.ts';
import { buildAlert, severityCountsOf } from '#lib/alerts/build-alert.ts';
import { alertFingerprint } from '#lib/alerts/fingerprint.ts';
import { owningTeam, UNOWNED_TEAM } from '#lib/alerts/owning-team.ts';
import { type SnsAlertMessage, snsAlertMessage } from '#lib/alerts/sns-alert-message.ts';
import type { AlertPublisher } from '#lib/alerts/sns-alert-publisher.ts';
import { type AccountRegion, AwsCallError, RepositoryNotFoundError } from '#lib/aws/index.ts';
import type { Severity, SeverityCounts } from '#lib/events/index.ts';
import { repositoryArnOf } from '#lib/events/repository-arn.ts';
import {
  type CompleteScan,
  type ScanCompletedEvent,
  type ScannedImage,
  type Scanner,
  type ScanResult,
  scannedImageOf,
  skipReasonFromEventCounts,
} from '#lib/findings/index.ts';

/** The reads of one account and region the use case needs. */
export interface FindingsSource {
  readScan(image: ScannedImage, scanner: Scanner): Promise<ScanResult>;
  /** @throws RepositoryNotFoundError when the repository is gone */
  listRepositoryTags(repositoryArn: string): Promise<Record<string, string>>;
}

/** Where alerts go: nowhere in a dry run (nothing read from or written to the dedupe table). */
export type AlertDelivery =
  | { dryRun: true }
  | { dryRun: false; dedupe: AlertDedupe; publisher: AlertPublisher };

export interface ReportFindingsDeps {
  /** `alerts.minSeverity` of the standard. */
  minSeverity: Severity;
  /** `ownership.teamTagKey` of the standard. */
  teamTagKey: string;
  /** The reads in an event's account and region. */
  sourceFor(target: AccountRegion): FindingsSource;
  delivery: AlertDelivery;
}

/** The alert and the SNS message made of it. */
export interface AlertMessage {
  kind: 'new' | 'update';
  alert: Alert;
  message: SnsAlertMessage;
}

export type ReportFindingsResult = (
  | { outcome: 'below-threshold'; reason: string }
  | { outcome: 'scan-not-complete'; scanner: Scanner; scanStatus: string; description?: string }
  | { outcome: 'image-not-found'; reason: string }
  | { outcome: 'nothing-to-alert'; reason: string; severityCounts: SeverityCounts }
  | { outcome: 'duplicate'; fingerprint: string; lastAlertedAt?: string }
  | ({ outcome: 'published'; messageId: string } & AlertMessage)
  | ({ outcome: 'planned' } & AlertMessage)
) & {
  /** Problems that did not stop the alert, e.g. the team tag could not be read. */
  warnings?: string[];
};

/** What a read of the repository's team tag gave. */
interface TeamLookup {
  team: string;
  warning?: string;
  missing?: string;
}

/**
 * Reports a completed scan: publishes one alert when findings reach the threshold, and only
 * what is new when the image was alerted before.
 *
 * Primary course:
 * 1. A basic scan that did not complete is reported as such; no AWS call.
 * 2. When the event's own counts prove nothing reaches `alerts.minSeverity`, stop: no AWS call.
 *    (An Inspector event does not count LOW and below: with such a threshold, read.)
 * 3. Read every finding of the image (ECR or Inspector, all pages) and the repository's tags
 *    (its owning team), at once.
 * 4. A scan without results (`FAILED`, `UNSUPPORTED_IMAGE`, …) is reported as such.
 * 5. Keep the findings at or above the threshold; none: nothing to alert.
 * 6. Fingerprint them and claim the alert in the dedupe table: a duplicate stops here.
 * 7. Build the alert (new, or an update naming what is new), size it for SNS, publish it;
 *    when publishing fails, release the claim and throw, so that the retry alerts.
 * 8. Confirm the claim: only now does the record say the findings were alerted.
 *
 * @param event - a completed basic or enhanced scan
 * @param deps - reads, the standard's alert settings, and where alerts go
 * @returns what was done
 * @throws AwsCallError when an AWS call fails (`retryable`: Lambda should retry);
 *   AlertClaimContentionError when the dedupe record keeps changing
 *
 * @example
 * ```ts
 * const result = await reportFindings(event, deps);
 * if (result.outcome === 'published') logger.info('alert published', { messageId: result.messageId });
 * ```
 */
export async function reportFindings(
  event: ScanCompletedEvent,
  deps: ReportFindingsDeps,
): Promise<ReportFindingsResult> {
  const { image, scanner } = scannedImageOf(event);
  if (event.kind === 'basic-scan-completed' && event.scanStatus !== 'COMPLETE') {
    return { outcome: 'scan-not-complete', scanner, scanStatus: event.scanStatus };
  }
  const skip = skipReasonFromEventCounts(event, deps.minSeverity);
  if (skip !== undefined) return { outcome: 'below-threshold', reason: skip };

  const source = deps.sourceFor({ account: event.account, region: event.region });
  const scan = await source.readScan(image, scanner);
  if (scan.status === 'image-not-found') {
    return { outcome: 'image-not-found', reason: scan.reason };
  }
  if (scan.status === 'not-complete') {
    const { scanStatus, description } = scan;
    return {
      outcome: 'scan-not-complete',
      scanner,
      scanStatus,
      ...(description === undefined ? {} : { description }),
    };
  }
  const alerted = alertedSetOf(scan.findings, deps.minSeverity);
  if (alerted.size === 0) {
    return {
      outcome: 'nothing-to-alert',
      reason: `no finding at or above ${deps.minSeverity} among ${scan.findings.length}`,
      severityCounts: severityCountsOf(scan.findings),
    };
  }
  // Only an image that alerts needs its owning team: a throttled tag read on any other scan
  // would fail the invocation for a value nobody uses.
  const lookup = await lookUpTeam(source, image, deps.teamTagKey);
  if (lookup.missing !== undefined) return { outcome: 'image-not-found', reason: lookup.missing };
  const warnings = lookup.warning === undefined ? {} : { warnings: [lookup.warning] };
  const subject = { ...image };
  const fingerprint = alertFingerprint(subject, alerted);

  if (deps.delivery.dryRun) {
    const alert = buildAlertFor(
      event,
      scan,
      deps,
      lookup.team,
      { kind: 'new', newKeys: [...alerted.keys()] },
      fingerprint,
    );
    return { outcome: 'planned', kind: 'new', ...snsAlertMessage(alert), ...warnings };
  }

  const { dedupe, publisher } = deps.delivery;
  const claim = await dedupe.claim({ subject, alerted, fingerprint, eventId: event.id });
  if (claim.outcome === 'duplicate') {
    return {
      outcome: 'duplicate',
      fingerprint,
      ...(claim.lastAlertedAt === undefined ? {} : { lastAlertedAt: claim.lastAlertedAt }),
      ...warnings,
    };
  }
  // Whatever fails between the claim and the publish gives the claim back, so the retry
  // publishes instead of waiting for the lease. An invocation that dies here gives nothing
  // back: its lease runs out unconfirmed and the next delivery of the scan publishes.
  let sized: ReturnType<typeof snsAlertMessage>;
  let messageId: string;
  try {
    const alert = buildAlertFor(event, scan, deps, lookup.team, claim, fingerprint);
    sized = snsAlertMessage(alert);
    messageId = await publisher.publish(sized.message);
  } catch (error) {
    // A release that fails changes nothing the lease does not: it runs out by itself.
    await claim.release().catch(() => undefined);
    throw error;
  }
  const confirmation = await confirmDelivery(claim);
  const notes = [
    ...(warnings.warnings ?? []),
    ...(confirmation === undefined ? [] : [confirmation]),
  ];
  return {
    outcome: 'published',
    kind: claim.kind,
    messageId,
    ...sized,
    ...(notes.length === 0 ? {} : { warnings: notes }),
  };
}

/**
 * Records the published alert as delivered. The alert is out whatever happens here: a
 * failure is a warning (a later delivery of the scan may publish it once more, with the same
 * fingerprint and generation, which subscribers drop), not an error to retry the event for.
 */
async function confirmDelivery(claim: WonClaim): Promise<string | undefined> {
  try {
    if ((await claim.confirm()) === 'lost') {
      return 'the alert was published after its claim ran out: another delivery may publish it again (same fingerprint and generation)';
    }
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `the alert was published but not recorded as delivered (${reason}): a later delivery may publish it again (same fingerprint and generation)`;
  }
}

function buildAlertFor(
  event: ScanCompletedEvent,
  scan: CompleteScan,
  deps: ReportFindingsDeps,
  team: string,
  claim: Pick<WonClaim, 'kind' | 'newKeys'> & { generation?: number },
  fingerprint: string,
): Alert {
  return buildAlert({
    event,
    scan,
    minSeverity: deps.minSeverity,
    team,
    kind: claim.kind,
    newKeys: new Set(claim.newKeys),
    fingerprint,
    ...(claim.generation === undefined ? {} : { generation: claim.generation }),
  });
}

/**
 * The owning team. A repository that is gone ends the report; tags that cannot be read for
 * good (access denied) route the alert to the default channel rather than lose it; a failure
 * that can pass (throttling, 5xx) is thrown for a retry.
 */
async function lookUpTeam(
  source: FindingsSource,
  image: ScannedImage,
  teamTagKey: string,
): Promise<TeamLookup> {
  try {
    const tags = await source.listRepositoryTags(repositoryArnOf(image));
    return { team: owningTeam(tags, teamTagKey) };
  } catch (error) {
    if (error instanceof RepositoryNotFoundError) {
      return { team: UNOWNED_TEAM, missing: error.message };
    }
    if (error instanceof AwsCallError && !error.retryable) {
      return {
        team: UNOWNED_TEAM,
        warning: `team tag not read, alert routed as ${UNOWNED_TEAM}: ${error.message}`,
      };
    }
    throw error;
  }
}
