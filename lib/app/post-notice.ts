/**
 * A notice, posted to its team's Slack channel once.
 *
 * @module
 */
import type { DeliveryLease } from '#lib/delivery/delivery-ledger.ts';
import { SlackDeliveryError } from '#lib/slack/errors.ts';
import type { NoticeDelivery } from '#lib/slack/notice-deliveries.ts';
import { renderNoticeSlackMessage } from '#lib/slack/render-notice-slack.ts';
import type { SlackPostState } from '#lib/slack/slack-post-ledger.ts';
import type { NotifySlackDeps, NotifySlackResult } from './notify-slack.ts';

/**
 * The ledger key of a notice's post: its id, which a second copy of its publish shares.
 *
 * @example
 * ```ts
 * noticePostKey('4f1c…'); // 'slack#notice#4f1c…'
 * ```
 */
export function noticePostKey(noticeId: string): string {
  return `slack#notice#${noticeId}`;
}

/**
 * Posts a notice to its team's channel (its own webhook, else `default`), once per notice:
 * the same guarantees as an alert's post (claimed in the ledger, confirmed once Slack
 * answered or once sent and unanswered, given back when refused or rate limited).
 *
 * @returns what became of the notice (a refusal is returned, not parked: see the log)
 * @throws SlackDeliveryError when Slack is unavailable or rate limits (Lambda retries, then
 *   the on-failure queue)
 *
 * @example
 * ```ts
 * const result = await postNotice({ notice, messageId }, deps);
 * ```
 */
export async function postNotice(
  delivery: NoticeDelivery,
  deps: NotifySlackDeps,
): Promise<NotifySlackResult> {
  const { notice } = delivery;
  const { route, url } = await deps.webhooks.webhookFor(notice.team);
  const routed = { team: notice.team, route };
  let lease: DeliveryLease<SlackPostState> | undefined;
  if (deps.ledger !== undefined) {
    const claim = await deps.ledger.claim({
      key: noticePostKey(notice.noticeId),
      note: delivery.messageId,
      plan: (posted) => (posted === undefined ? { route, outcome: 'posted' } : undefined),
    });
    if (claim.outcome === 'nothing-new') {
      const postedAt = claim.delivered?.deliveredAt;
      return { ...routed, outcome: 'duplicate', ...(postedAt === undefined ? {} : { postedAt }) };
    }
    lease = claim.lease;
  }
  let outcome: Awaited<ReturnType<NotifySlackDeps['post']>>;
  try {
    outcome = await deps.post(url, renderNoticeSlackMessage(notice), route);
  } catch (error) {
    await lease?.release().catch(() => undefined);
    throw error;
  }
  switch (outcome.status) {
    case 'delivered':
    case 'unconfirmed': {
      const warning = await lease
        ?.confirm(outcome.status === 'unconfirmed' ? { route, outcome: 'unconfirmed' } : undefined)
        .then((c) => (c === 'lost' ? 'posted after its claim ran out' : undefined))
        .catch((error: unknown) => `posted, but not recorded (${String(error)})`);
      return outcome.status === 'delivered'
        ? {
            ...routed,
            outcome: 'delivered',
            attempts: outcome.attempts,
            ...(warning === undefined ? {} : { warning }),
          }
        : { ...routed, outcome: 'unconfirmed', attempts: outcome.attempts, reason: outcome.reason };
    }
    case 'rejected':
      await lease?.release().catch(() => undefined);
      return {
        ...routed,
        outcome: 'rejected',
        httpStatus: outcome.httpStatus,
        body: outcome.body,
        attempts: outcome.attempts,
        parked: false,
      };
    case 'rate-limited':
      await lease?.release().catch(() => undefined);
      throw new SlackDeliveryError({
        route,
        attempts: outcome.attempts,
        httpStatus: 429,
        reason: `rate limited, Slack asks to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s`,
      });
  }
}
