/**
 * What caused an event's writes, as its notice says it.
 *
 * @module
 */
import type { GuardEvent } from '#lib/events/index.ts';
import type { Logger } from '#lib/observability/logger.ts';
import type { NoticeOrigin, NoticeOutcome } from './send-notices.ts';

/**
 * The notice origin of an event: its id (a retried delivery announces nothing twice) and, for
 * a drift, the call and its caller.
 *
 * @example
 * ```ts
 * noticeOriginOf(event); // { origin: 'event', originId: 'e-1', drift: { eventName: 'DeleteLifecyclePolicy', … } }
 * ```
 */
export function noticeOriginOf(event: GuardEvent): NoticeOrigin {
  const origin: NoticeOrigin = { origin: 'event', originId: event.id };
  if (event.kind === 'configuration-changed') {
    origin.drift = { eventName: event.eventName, eventTime: event.time, actor: event.actor };
  }
  return origin;
}

/**
 * Logs each team's notice outcome; a parked notice is an error (its queue alarms too).
 *
 * @example
 * ```ts
 * logNoticeOutcomes(logger, await sendNotices(reports, origin, deps));
 * ```
 */
export function logNoticeOutcomes(logger: Logger, outcomes: readonly NoticeOutcome[]): void {
  for (const outcome of outcomes) {
    const extra = {
      team: outcome.team,
      repositories: outcome.repositories,
      ...(outcome.notice === undefined ? {} : { noticeId: outcome.notice.noticeId }),
      ...(outcome.messageId === undefined ? {} : { messageId: outcome.messageId }),
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    };
    if (outcome.outcome === 'parked') logger.error('notice not published, parked', extra);
    else logger.info(`notice ${outcome.outcome}`, extra);
    for (const warning of outcome.warnings ?? [])
      logger.warn('notice warning', { ...extra, warning });
  }
}
