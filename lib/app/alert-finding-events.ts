/**
 * The continuous-scanning use case: a window of `Inspector2 Finding` events (a batch of the
 * finding queue) to the few messages on-call needs — one per image, one per team when a
 * finding hits many of its images, a resolved note when alerted findings close.
 *
 * @module
 */
import type { AlertDedupe, AlertedLookup, WonClaim } from '#lib/alerts/alert-dedupe.ts';
import type { Alert } from '#lib/alerts/alert-schema.ts';
import { alertedSetOf } from '#lib/alerts/alerted-set.ts';
import { buildAlert } from '#lib/alerts/build-alert.ts';
import { groupedAlert, resolvedAlert } from '#lib/alerts/continuous/build-team-alert.ts';
import {
  type ClosedFindingsState,
  closedFindingsKey,
} from '#lib/alerts/continuous/closed-findings-ledger.ts';
import {
  gatherFindingWindow,
  type WindowEvent,
  type WindowImage,
} from '#lib/alerts/continuous/finding-window.ts';
import { type AlertedImage, planFanIn } from '#lib/alerts/continuous/plan-fan-in.ts';
import { alertFingerprint } from '#lib/alerts/fingerprint.ts';
import { imageUsageOf } from '#lib/alerts/image-usage.ts';
import { owningTeam, UNOWNED_TEAM } from '#lib/alerts/owning-team.ts';
import { snsAlertMessage } from '#lib/alerts/sns-alert-message.ts';
import type { AlertPublisher } from '#lib/alerts/sns-alert-publisher.ts';
import { findingHash } from '#lib/alerts/stored-alerted-set.ts';
import { snsTeamAlertMessage } from '#lib/alerts/team-alert-message.ts';
import type { TeamAlert } from '#lib/alerts/team-alert-schema.ts';
import { type AccountRegion, AwsCallError, RepositoryNotFoundError } from '#lib/aws/index.ts';
import type { DeliveryLease, DeliveryLedger } from '#lib/delivery/delivery-ledger.ts';
import type { EnhancedScanCompletedEvent, Severity } from '#lib/events/index.ts';
import { repositoryArnOf } from '#lib/events/repository-arn.ts';
import { type Finding, findingKey, isAtOrAbove } from '#lib/findings/index.ts';

/** Where the window's messages go: nowhere in a dry run (no table read, nothing written). */
export type FindingAlertDelivery =
  | { dryRun: true }
  | {
      dryRun: false;
      dedupe: AlertDedupe & AlertedLookup;
      closed: DeliveryLedger<ClosedFindingsState>;
      publisher: AlertPublisher;
    };

export interface AlertFindingEventsDeps {
  /** `alerts.minSeverity`, `alerts.groupAbove` of the standard. */
  minSeverity: Severity;
  groupAbove: number;
  /** `ownership.teamTagKey` of the standard. */
  teamTagKey: string;
  /** The repository tags (the owning team) in an account and region. */
  tagsIn(target: AccountRegion): {
    /** @throws RepositoryNotFoundError when the repository is gone */
    listRepositoryTags(repositoryArn: string): Promise<Record<string, string>>;
  };
  delivery: FindingAlertDelivery;
  now?: () => Date;
}

/** A message of the window, as published (or as it would be, in a dry run). */
export interface FindingWindowMessage {
  kind: Alert['kind'] | TeamAlert['kind'];
  team: string;
  subject: string;
  attributes: Readonly<Record<string, string>>;
  sizeBytes: number;
  body: string;
  alert: Alert | TeamAlert;
  /** SNS's message id, once published. */
  messageId?: string;
}

export interface AlertFindingEventsResult {
  /** In the order they were (or would be) sent. */
  messages: FindingWindowMessage[];
  /** Images whose findings were all alerted before: nothing sent for them. */
  unchangedImages: number;
  /** Queue records to retry (their image's team could not be alerted now). */
  failedRecordIds: string[];
  /** Problems that did not stop the window (a team tag not read, a delivery not recorded). */
  warnings: string[];
}

interface TeamWindow {
  team: string;
  images: WindowImage[];
}

/**
 * Alerts a window of finding events.
 *
 * Primary course:
 * 1. Gather the events per image: the last change of each finding holds; copies collapse.
 * 2. Read each repository's tags once: the owning team. A read that can pass later fails the
 *    records of that repository's images (they are retried); one refused for good routes the
 *    images as `unowned`.
 * 3. Per team: claim each image's record with its open findings at or above the threshold:
 *    nothing new is a duplicate (no message).
 * 4. Plan the fan-in: one finding on more than `groupAbove` images of the team is one
 *    `grouped` message; each image's other new findings, its own `new` / `update` message.
 * 5. Publish them, ranked; then confirm every claim. A publish that fails gives the team's
 *    claims back and fails its records, for the queue to retry.
 * 6. Closed findings: an alerted image whose alerted findings have all closed goes in the
 *    team's one `resolved` message (claimed, published, confirmed the same way).
 *
 * @param events - the window's finding events and their queue records
 * @param deps - the standard's settings, the tag reads, where messages go
 * @returns the messages, and the records to retry
 *
 * @example
 * ```ts
 * const result = await alertFindingEvents([{ event, recordId: record.messageId }], deps);
 * ```
 */
export async function alertFindingEvents(
  events: readonly WindowEvent[],
  deps: AlertFindingEventsDeps,
): Promise<AlertFindingEventsResult> {
  const result: AlertFindingEventsResult = {
    messages: [],
    unchangedImages: 0,
    failedRecordIds: [],
    warnings: [],
  };
  const images = gatherFindingWindow(events);
  const teams = await teamsOf(images, deps, result);
  for (const window of teams) {
    try {
      await alertTeam(window, deps, result);
    } catch (error) {
      for (const image of window.images) result.failedRecordIds.push(...image.recordIds);
      const reason = error instanceof Error ? error.message : String(error);
      result.warnings.push(
        `team ${window.team}: not alerted now, its records are retried (${reason})`,
      );
    }
  }
  result.failedRecordIds = [...new Set(result.failedRecordIds)].sort();
  return result;
}

async function teamsOf(
  images: readonly WindowImage[],
  deps: AlertFindingEventsDeps,
  result: AlertFindingEventsResult,
): Promise<TeamWindow[]> {
  const byRepository = new Map<string, WindowImage[]>();
  for (const image of images) {
    const arn = repositoryArnOf(image.subject);
    byRepository.set(arn, [...(byRepository.get(arn) ?? []), image]);
  }
  const teams = new Map<string, WindowImage[]>();
  await Promise.all(
    [...byRepository].map(async ([arn, repositoryImages]) => {
      const [first] = repositoryImages;
      if (first === undefined) return;
      let team: string;
      try {
        const tags = await deps
          .tagsIn({ account: first.subject.account, region: first.subject.region })
          .listRepositoryTags(arn);
        team = owningTeam(tags, deps.teamTagKey);
      } catch (error) {
        if (error instanceof RepositoryNotFoundError) {
          // Its images are gone too: their findings close, and the resolved note still goes out.
          team = UNOWNED_TEAM;
          result.warnings.push(`${arn}: repository gone, its images routed as ${UNOWNED_TEAM}`);
        } else if (error instanceof AwsCallError && !error.retryable) {
          team = UNOWNED_TEAM;
          result.warnings.push(
            `team tag of ${arn} not read, routed as ${UNOWNED_TEAM}: ${error.message}`,
          );
        } else {
          for (const image of repositoryImages) result.failedRecordIds.push(...image.recordIds);
          const reason = error instanceof Error ? error.message : String(error);
          result.warnings.push(`team tag of ${arn} not read, its records are retried: ${reason}`);
          return;
        }
      }
      teams.set(team, [...(teams.get(team) ?? []), ...repositoryImages]);
    }),
  );
  return [...teams]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([team, teamImages]) => ({ team, images: teamImages }));
}

/** The image's open findings at or above the threshold, one per key. */
function alertedFindings(image: WindowImage, minSeverity: Severity): Finding[] {
  return [...image.active.values()].filter((finding) => isAtOrAbove(finding.severity, minSeverity));
}

async function alertTeam(
  window: TeamWindow,
  deps: AlertFindingEventsDeps,
  result: AlertFindingEventsResult,
): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const claims: WonClaim[] = [];
  try {
    // 3. Claim what is new on each image (the images' records are independent: at once).
    const candidates = window.images
      .map((image) => ({ image, findings: alertedFindings(image, deps.minSeverity) }))
      .filter(({ findings }) => findings.length > 0);
    const outcomes = await Promise.allSettled(
      candidates.map(async ({ image, findings }): Promise<AlertedImage | undefined> => {
        const set = alertedSetOf(findings, deps.minSeverity);
        const usage = imageUsageOf(image, now);
        const base = { image, team: window.team, usage, findings };
        if (deps.delivery.dryRun) return { ...base, newKeys: [...set.keys()].sort(), kind: 'new' };
        const claim = await deps.delivery.dedupe.claim({
          subject: image.subject,
          alerted: set,
          fingerprint: alertFingerprint(image.subject, set),
          eventId: image.firstEvent.id,
        });
        if (claim.outcome === 'duplicate') return undefined;
        claims.push(claim);
        return { ...base, newKeys: claim.newKeys, kind: claim.kind, generation: claim.generation };
      }),
    );
    const alerted: AlertedImage[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason;
      if (outcome.value === undefined) result.unchangedImages += 1;
      else alerted.push(outcome.value);
    }

    // 4. and 5. Fan in, publish, confirm.
    const plan = planFanIn(alerted, deps.groupAbove);
    for (const fanIn of plan.fanIns) {
      const sized = snsTeamAlertMessage(groupedAlert(fanIn, { minSeverity: deps.minSeverity }));
      await send(window.team, sized.alert, sized.message, deps, result);
    }
    for (const own of plan.images) {
      const alert = imageAlert(own.image, new Set(own.newKeys), deps.minSeverity);
      const sized = snsAlertMessage(alert);
      await send(window.team, sized.alert, sized.message, deps, result);
    }
  } catch (error) {
    await Promise.all(claims.map((claim) => claim.release().catch(() => undefined)));
    throw error;
  }
  await confirmAll(
    claims.map((claim) => () => claim.confirm()),
    result,
  );

  // 6. Resolved.
  await resolveTeam(window, deps, result, now);
}

/** The image's own alert, built as a scan's alert is, from the window's findings. */
function imageAlert(
  image: AlertedImage,
  newKeys: ReadonlySet<string>,
  minSeverity: Severity,
): Alert {
  const { subject } = image.image;
  // The window plays the scan: its findings are what Inspector reported on the image now.
  const event: EnhancedScanCompletedEvent = {
    kind: 'enhanced-scan-completed',
    id: image.image.firstEvent.id,
    time: image.image.firstEvent.time,
    account: subject.account,
    region: subject.region,
    repositoryName: subject.repositoryName,
    imageDigest: subject.imageDigest,
    imageTags: image.image.tags,
    scanStatus: 'ACTIVE',
    severityCounts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, UNDEFINED: 0 },
  };
  const findings = [...image.image.active.values()];
  return buildAlert({
    event,
    scan: {
      status: 'complete',
      scanner: 'enhanced',
      findings,
      ...(image.image.pushedAt === undefined ? {} : { pushedAt: image.image.pushedAt }),
    },
    minSeverity,
    team: image.team,
    kind: image.kind,
    newKeys,
    fingerprint: alertFingerprint(subject, alertedSetOf(findings, minSeverity)),
    ...(image.generation === undefined ? {} : { generation: image.generation }),
    ...(image.usage === undefined ? {} : { usage: image.usage }),
  });
}

async function send(
  team: string,
  alert: Alert | TeamAlert,
  message: {
    subject: string;
    body: string;
    attributes: Readonly<Record<string, string>>;
    sizeBytes: number;
  },
  deps: AlertFindingEventsDeps,
  result: AlertFindingEventsResult,
): Promise<void> {
  const planned: FindingWindowMessage = { kind: alert.kind, team, ...message, alert };
  if (!deps.delivery.dryRun) planned.messageId = await deps.delivery.publisher.publish(message);
  result.messages.push(planned);
}

/**
 * Records deliveries. The messages are out whatever happens here: a failure is a warning (a
 * redelivery may publish once more, with the same fingerprint and generation, which
 * subscribers drop), not a reason to retry the window.
 */
async function confirmAll(
  confirms: ReadonlyArray<() => Promise<'confirmed' | 'lost'>>,
  result: AlertFindingEventsResult,
): Promise<void> {
  const outcomes = await Promise.allSettled(confirms.map((confirm) => confirm()));
  const lost = outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'lost').length;
  const failed = outcomes.filter((o) => o.status === 'rejected').length;
  if (lost > 0) result.warnings.push(`${lost} deliveries confirmed after their claim ran out`);
  if (failed > 0) result.warnings.push(`${failed} deliveries published but not recorded`);
}

async function resolveTeam(
  window: TeamWindow,
  deps: AlertFindingEventsDeps,
  result: AlertFindingEventsResult,
  now: Date,
): Promise<void> {
  const resolved: { image: WindowImage; closed: Finding[]; generation?: number }[] = [];
  const leases: DeliveryLease<ClosedFindingsState>[] = [];
  const stateOnly: DeliveryLease<ClosedFindingsState>[] = [];
  try {
    for (const image of window.images) {
      if (image.closed.size === 0) continue;
      const closedFindings = [...image.closed.values()];
      if (deps.delivery.dryRun) {
        // Nothing is read in a dry run: an image whose window closes findings at or above the
        // threshold, and leaves none open, is taken to have been alerted.
        const alertedClosed = closedFindings.filter((f) =>
          isAtOrAbove(f.severity, deps.minSeverity),
        );
        if (alertedClosed.length > 0 && alertedFindings(image, deps.minSeverity).length === 0) {
          resolved.push({ image, closed: alertedClosed });
        }
        continue;
      }
      const record = await deps.delivery.dedupe.alertedFor(image.subject);
      if (record === undefined) continue; // never alerted: nothing to resolve
      const closedHashes = closedFindings.map((finding) => findingHash(findingKey(finding)));
      const openHashes = new Set(
        [...image.active.values()].map((finding) => findingHash(findingKey(finding))),
      );
      let due = false;
      const claim = await deps.delivery.closed.claim({
        key: closedFindingsKey(image.subject),
        note: image.firstEvent.id,
        plan: (delivered) => {
          const before = delivered?.state ?? { closed: [], resolvedGeneration: 0 };
          const closed = new Set(before.closed);
          for (const hash of closedHashes) closed.add(hash);
          for (const hash of openHashes) closed.delete(hash);
          const allClosed = [...record.entries.keys()].every((hash) => closed.has(hash));
          due = allClosed && before.resolvedGeneration !== record.generation;
          const sorted = [...closed].sort((a, b) => a - b);
          const same =
            sorted.length === before.closed.length &&
            sorted.every((h, i) => h === before.closed[i]);
          if (!due && same) return undefined;
          return {
            closed: sorted,
            resolvedGeneration: due ? record.generation : before.resolvedGeneration,
          };
        },
      });
      if (claim.outcome === 'nothing-new') continue;
      if (!due) {
        stateOnly.push(claim.lease);
        continue;
      }
      leases.push(claim.lease);
      const alertedClosed = closedFindings.filter((finding) =>
        record.entries.has(findingHash(findingKey(finding))),
      );
      resolved.push({ image, closed: alertedClosed, generation: record.generation });
    }
    if (resolved.length > 0) {
      const entries = resolved.map(({ image, generation }) => ({
        image,
        usage: imageUsageOf(image, now),
        ...(generation === undefined ? {} : { generation }),
      }));
      const alert = resolvedAlert(
        window.team,
        entries,
        resolved.flatMap((r) => r.closed),
        { minSeverity: deps.minSeverity },
      );
      const sized = snsTeamAlertMessage(alert);
      await send(window.team, sized.alert, sized.message, deps, result);
    }
  } catch (error) {
    await Promise.all(
      [...leases, ...stateOnly].map((lease) => lease.release().catch(() => undefined)),
    );
    throw error;
  }
  await confirmAll(
    [...leases, ...stateOnly].map((lease) => () => lease.confirm()),
    result,
  );
}
