/**
 * The notices use case: after the writes of an event or a sweep, tell each owning team what
 * ecr-guard changed, once, without ever blocking or repeating a write.
 *
 * @module
 */
import type { DeliveryLease, DeliveryLedger } from '#lib/delivery/delivery-ledger.ts';
import type { RepositoryReport } from '#lib/enforcement/index.ts';
import type { Actor } from '#lib/events/index.ts';
import { buildNotice, noticeRepositoryOf } from '#lib/notices/build-notice.ts';
import { readablePrincipal } from '#lib/notices/drift-caller.ts';
import { NoticeDeliveryError } from '#lib/notices/errors.ts';
import type { Notice, NoticeDrift, NoticeRepository } from '#lib/notices/notice.ts';
import {
  type NoticeDecision,
  type NoticeState,
  noticeKey,
  planNotice,
} from '#lib/notices/notice-ledger.ts';
import { type SnsNoticeMessage, snsNoticeMessage } from '#lib/notices/notice-message.ts';
import { noticeOwner } from '#lib/notices/notice-owner.ts';
import type { NoticeParking } from '#lib/notices/notice-parking.ts';
import type { NoticePublisher } from '#lib/notices/sns-notice-publisher.ts';
import type { SlackMessage } from '#lib/slack/slack-message.ts';
import { durationMs, type Standard } from '#lib/standard/index.ts';

/** Where notices go. */
export type NoticeSending =
  /** Built and returned, never published, nothing read or written (a dry run, the CLI). */
  | { mode: 'dry-run' }
  | {
      mode: 'send';
      /** Announces each change once, and each repository once per `minInterval`. */
      ledger: DeliveryLedger<NoticeState>;
      publisher: NoticePublisher;
      /** Keeps a notice that could not be published; without it, the failure is thrown. */
      parking?: NoticeParking;
    };

/** What caused the writes. */
export interface NoticeOrigin {
  origin: 'event' | 'sweep';
  /** The event id, or the sweep's run id: a retry of either announces nothing twice. */
  originId: string;
  /** A drift: the CloudTrail call that undid the fix, and who made it. */
  drift?: { eventName: string; eventTime: string; actor: Actor };
}

export interface SendNoticesDeps {
  standard: Pick<Standard, 'notices' | 'ownership'>;
  sending: NoticeSending;
  now: () => Date;
  /**
   * Renders a notice's Slack payload for the outcome (the CLI shows it); the functions leave
   * it out: notify-slack renders what it posts, and the Slack code stays out of their bundles.
   */
  renderSlack?: (notice: Notice) => SlackMessage;
}

/** What became of one team's notice. */
export interface NoticeOutcome {
  team: string;
  /**
   * `planned`: a dry run; `published`: on the alerts topic; `held`: every repository was
   * announced less than `minInterval` ago (counted for the next notice); `duplicate`: this
   * change was announced already; `parked`: not published, kept in the on-failure queue.
   */
  outcome: 'planned' | 'published' | 'held' | 'duplicate' | 'parked';
  repositories: string[];
  notice?: Notice;
  sns?: { subject: string; attributes: SnsNoticeMessage['attributes'] };
  slack?: SlackMessage;
  messageId?: string;
  reason?: string;
  warnings?: string[];
}

interface Entry {
  report: RepositoryReport;
  repository: NoticeRepository;
}

function teamsOf(
  reports: readonly RepositoryReport[],
  standard: SendNoticesDeps['standard'],
  planned: boolean,
): Map<string, Entry[]> {
  const teams = new Map<string, Entry[]>();
  for (const report of reports) {
    const repository = noticeRepositoryOf(report, { planned });
    if (repository === undefined) continue;
    const team = noticeOwner(report, standard);
    const entries = teams.get(team) ?? [];
    entries.push({ report, repository });
    teams.set(team, entries);
  }
  return teams;
}

function driftOf(origin: NoticeOrigin, count?: number): NoticeDrift | undefined {
  if (origin.drift === undefined) return undefined;
  const { actor, eventName, eventTime } = origin.drift;
  return {
    eventName,
    eventTime,
    callerArn: actor.arn ?? actor.issuerArn ?? '(no ARN recorded)',
    principal: readablePrincipal(actor),
    ...(count === undefined ? {} : { driftsLast30Days: count }),
  };
}

function described(
  notice: Notice,
  deps: SendNoticesDeps,
): Pick<NoticeOutcome, 'notice' | 'sns' | 'slack'> {
  const { subject, attributes } = snsNoticeMessage(notice);
  return {
    notice,
    sns: { subject, attributes },
    ...(deps.renderSlack === undefined ? {} : { slack: deps.renderSlack(notice) }),
  };
}

const names = (entries: readonly Entry[]): string[] =>
  entries.map((e) => e.repository.repositoryName);

/**
 * Tells each owning team what the writes of an event or a sweep changed: one notice per team
 * (a sweep's lists its first 20 repositories and counts the rest), on the alerts topic with
 * `kind: notice`, from where notify-slack posts it to the team's channel.
 *
 * Primary course:
 * 1. nothing when `notices.enabled` is false, or nothing was written;
 * 2. group the repositories written by owning team;
 * 3. a dry run: build each team's notice of the planned writes, return it, publish nothing;
 * 4. claim each repository's notice record: a change announced already is a duplicate, a
 *    repository announced less than `minInterval` ago is held (counted for its next notice);
 * 5. publish the team's notice of what is left, then confirm the records;
 * 6. a publish that fails gives the records back and parks the notice in the on-failure
 *    queue: the writes are made and stay made, nothing is written again.
 *
 * @returns one outcome per team whose repositories were written
 * @throws NoticeDeliveryError when a notice can be neither published nor parked
 *
 * @example
 * ```ts
 * const outcomes = await sendNotices(result.repositories, { origin: 'event', originId: event.id }, deps);
 * ```
 */
export async function sendNotices(
  reports: readonly RepositoryReport[],
  origin: NoticeOrigin,
  deps: SendNoticesDeps,
): Promise<NoticeOutcome[]> {
  if (!deps.standard.notices.enabled) return [];
  // A dry run announces what it plans: the notices the writes would bring.
  const teams = teamsOf(reports, deps.standard, deps.sending.mode === 'dry-run');
  const outcomes: NoticeOutcome[] = [];
  for (const [team, entries] of teams) {
    if (deps.sending.mode === 'dry-run') {
      const notice = buildNotice({
        team,
        origin: origin.origin,
        originId: origin.originId,
        repositories: entries.map((e) => e.repository),
        ...optionalDrift(driftOf(origin)),
        standard: deps.standard,
        now: deps.now(),
      });
      outcomes.push({
        team,
        outcome: 'planned',
        repositories: names(entries),
        ...described(notice, deps),
      });
      continue;
    }
    outcomes.push(await sendTeamNotice(team, entries, origin, deps, deps.sending));
  }
  return outcomes;
}

function optionalDrift(drift: NoticeDrift | undefined): { drift?: NoticeDrift } {
  return drift === undefined ? {} : { drift };
}

interface Claimed {
  entry: Entry;
  decision: NoticeDecision;
  lease?: DeliveryLease<NoticeState>;
}

async function claimEntry(
  entry: Entry,
  origin: NoticeOrigin,
  deps: SendNoticesDeps,
  ledger: DeliveryLedger<NoticeState>,
  warnings: string[],
): Promise<Claimed> {
  const { account, region, repositoryName } = entry.repository;
  const now = deps.now();
  const minIntervalMs = durationMs(deps.standard.notices.minInterval) ?? 3_600_000;
  let decision: NoticeDecision = { decision: 'duplicate' };
  try {
    const claim = await ledger.claim({
      key: noticeKey(account, region, repositoryName),
      note: origin.originId,
      plan: (delivered) => {
        decision = planNotice(delivered, {
          originId: origin.originId,
          now,
          minIntervalMs,
          drift: origin.drift !== undefined,
        });
        return decision.decision === 'duplicate' ? undefined : decision.state;
      },
    });
    return claim.outcome === 'claimed'
      ? { entry, decision, lease: claim.lease }
      : { entry, decision: { decision: 'duplicate' } };
  } catch (error) {
    // The table failing does not silence the team: announce, without dedupe this once.
    const reason = error instanceof Error ? error.message : String(error);
    warnings.push(
      `${repositoryName}: notice record not read (${reason}), announced without dedupe`,
    );
    return {
      entry,
      decision: {
        decision: 'announce',
        heldBack: 0,
        state: {
          originId: origin.originId,
          announcedAt: now.toISOString(),
          heldBack: 0,
          lastWasDrift: origin.drift !== undefined,
          drifts: [],
        },
      },
    };
  }
}

async function sendTeamNotice(
  team: string,
  entries: readonly Entry[],
  origin: NoticeOrigin,
  deps: SendNoticesDeps,
  sending: Extract<NoticeSending, { mode: 'send' }>,
): Promise<NoticeOutcome> {
  const warnings: string[] = [];
  const claimed: Claimed[] = [];
  for (const entry of entries)
    claimed.push(await claimEntry(entry, origin, deps, sending.ledger, warnings));

  // Held back: recorded now (the count the next notice carries), not announced.
  const held = claimed.filter((c) => c.decision.decision === 'hold');
  for (const { lease, entry } of held) {
    await lease?.confirm().catch((error: unknown) => {
      warnings.push(
        `${entry.repository.repositoryName}: held-back change not counted (${String(error)})`,
      );
    });
  }
  const announced = claimed.filter((c) => c.decision.decision === 'announce');
  const withWarnings = warnings.length === 0 ? {} : { warnings };
  if (announced.length === 0) {
    const outcome = held.length > 0 ? 'held' : 'duplicate';
    const heldEntries = held.map((c) => c.entry);
    return {
      team,
      outcome,
      repositories: names(outcome === 'held' ? heldEntries : entries),
      ...(outcome === 'held'
        ? {
            reason: `announced less than ${deps.standard.notices.minInterval} ago (notices.minInterval)`,
          }
        : { reason: 'this change was announced already' }),
      ...withWarnings,
    };
  }

  const first = announced[0]?.decision;
  const driftCount = first?.decision === 'announce' ? first.driftsLast30Days : undefined;
  const notice = buildNotice({
    team,
    origin: origin.origin,
    originId: origin.originId,
    repositories: announced.map(({ entry, decision }) => ({
      ...entry.repository,
      heldBack: decision.decision === 'announce' ? decision.heldBack : 0,
    })),
    ...optionalDrift(driftOf(origin, announced.length === 1 ? driftCount : undefined)),
    standard: deps.standard,
    now: deps.now(),
  });
  const message = snsNoticeMessage(notice);
  const announcedEntries = announced.map((c) => c.entry);
  let messageId: string;
  try {
    messageId = await sending.publisher.publish(message);
  } catch (error) {
    // Given back, so that a notice sent again from the queue is not taken for a duplicate.
    await Promise.all(announced.map((c) => c.lease?.release().catch(() => undefined)));
    const reason = error instanceof Error ? error.message : String(error);
    if (sending.parking === undefined) {
      throw new NoticeDeliveryError(team, reason, { cause: error });
    }
    try {
      await sending.parking.park({
        kind: 'notice',
        reason,
        parkedAt: deps.now().toISOString(),
        notice,
      });
    } catch (parkError) {
      throw new NoticeDeliveryError(team, `${reason}; parking failed too: ${String(parkError)}`, {
        cause: parkError,
      });
    }
    return {
      team,
      outcome: 'parked',
      repositories: names(announcedEntries),
      reason,
      ...described(notice, deps),
      ...withWarnings,
    };
  }
  for (const { lease, entry } of announced) {
    const confirmed = await lease?.confirm().catch((error: unknown) => String(error));
    if (typeof confirmed === 'string' || confirmed === 'lost') {
      warnings.push(
        `${entry.repository.repositoryName}: notice published but not recorded (${confirmed}): a retry may announce it again, with the same notice id`,
      );
    }
  }
  return {
    team,
    outcome: 'published',
    repositories: names(announcedEntries),
    messageId,
    ...described(notice, deps),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}
