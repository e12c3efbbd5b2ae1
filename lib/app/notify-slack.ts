/**
 * The Slack use case: one alert version, posted to its team's channel once.
 *
 * @module
 */
import type { DeliveryLease, DeliveryLedger } from '#lib/delivery/delivery-ledger.ts';
import type { SlackDelivery } from '#lib/slack/alert-deliveries.ts';
import { SlackDeliveryError } from '#lib/slack/errors.ts';
import { type AlertParking, parkedAlert } from '#lib/slack/parked-alert.ts';
import type { SlackPostOutcome } from '#lib/slack/post-to-slack.ts';
import { renderSlackMessage } from '#lib/slack/render-slack-message.ts';
import type { SlackMessage } from '#lib/slack/slack-message.ts';
import { type SlackPostState, slackPostKey } from '#lib/slack/slack-post-ledger.ts';
import {
  MAX_HAND_BACKS,
  type SlackRetryQueue,
  slackRetryMessage,
} from '#lib/slack/slack-retry-message.ts';
import type { WebhookLookup } from '#lib/slack/webhook-directory.ts';

export interface NotifySlackDeps {
  webhooks: WebhookLookup;
  /** Posts with the delivery policy; throws when Slack should be tried again later. */
  post(url: string, message: SlackMessage, route: string): Promise<SlackPostOutcome>;
  /** Posts each alert version once; without it (no table: the CLI), every delivery posts. */
  ledger?: DeliveryLedger<SlackPostState>;
  /** Keeps refused alerts (the on-failure queue); without it, a refusal is only returned. */
  parking?: AlertParking;
  /** Hands alerts back with a delay; without it, a long rate limit is thrown for a retry. */
  retryQueue?: SlackRetryQueue;
  now?: () => Date;
}

interface Routed {
  team: string;
  route: string;
}

export type NotifySlackResult = Routed &
  (
    | { outcome: 'delivered'; attempts: number; warning?: string }
    /** This alert version was posted before (a second copy of its publish, a retry). */
    | { outcome: 'duplicate'; postedAt?: string }
    /** Sent, never answered: it may have reached the channel, and is not posted again. */
    | { outcome: 'unconfirmed'; attempts: number; reason: string }
    /** Slack refused it for good; `parked` when it waits in the on-failure queue. */
    | {
        outcome: 'rejected';
        httpStatus: number;
        /** Slack's answer (`no_service`, `channel_is_archived`, …), scrubbed of webhook URLs. */
        body: string;
        attempts: number;
        parked: boolean;
      }
    /** Rate limited for longer than the function may wait: handed back, to post after the delay. */
    | { outcome: 'deferred'; retryAfterMs: number; attempts: number; handBacks: number }
  );

/**
 * Posts an alert to Slack, once per alert version.
 *
 * Primary course:
 * 1. Find the team's webhook (its own, else `default`) in the cached secret.
 * 2. Claim the alert version in the ledger: posted before is a `duplicate`, nothing posted.
 * 3. Render the alert with Block Kit and post it.
 * 4. Delivered, or sent and unanswered (it may have arrived): confirm the claim, so no retry
 *    posts it again.
 * 5. Refused for good (a revoked webhook, an archived channel): give the claim back, and
 *    park the alert with its team and route in the on-failure queue.
 * 6. Rate limited for long: give the claim back, hand the alert back with Slack's delay.
 * 7. Slack unavailable: give the claim back and throw, for a retry.
 *
 * @param delivery - the alert and the message it came in
 * @param deps - webhooks, the poster, the ledger and the queues
 * @returns what became of the alert
 * @throws SlackDeliveryError when Slack stayed unavailable (retry later);
 *   WebhookSecretError when the secret cannot be used; AwsCallError when a queue or the
 *   ledger fails; DeliveryInFlightError when another invocation is posting it right now
 *
 * @example
 * ```ts
 * const result = await notifySlack({ alert, messageId, handBacks: 0, firstMessageId: messageId }, deps);
 * ```
 */
export async function notifySlack(
  delivery: SlackDelivery,
  deps: NotifySlackDeps,
): Promise<NotifySlackResult> {
  const { alert } = delivery;
  const { route, url } = await deps.webhooks.webhookFor(alert.team);
  const routed: Routed = { team: alert.team, route };
  let lease: DeliveryLease<SlackPostState> | undefined;
  if (deps.ledger !== undefined) {
    const claim = await deps.ledger.claim({
      key: slackPostKey(alert),
      note: delivery.messageId,
      plan: (posted) => (posted === undefined ? { route, outcome: 'posted' } : undefined),
    });
    if (claim.outcome === 'nothing-new') {
      const postedAt = claim.delivered?.deliveredAt;
      return { ...routed, outcome: 'duplicate', ...(postedAt === undefined ? {} : { postedAt }) };
    }
    lease = claim.lease;
  }

  let outcome: SlackPostOutcome;
  try {
    outcome = await deps.post(url, renderSlackMessage(alert), route);
  } catch (error) {
    await lease?.release().catch(() => undefined);
    throw error;
  }
  switch (outcome.status) {
    case 'delivered': {
      const warning = await confirm(lease);
      return {
        ...routed,
        outcome: 'delivered',
        attempts: outcome.attempts,
        ...(warning === undefined ? {} : { warning }),
      };
    }
    case 'unconfirmed':
      await confirm(lease, { route, outcome: 'unconfirmed' });
      return {
        ...routed,
        outcome: 'unconfirmed',
        attempts: outcome.attempts,
        reason: outcome.reason,
      };
    case 'rejected': {
      // Given back: once the route is fixed, sending the parked alert again posts it.
      await lease?.release().catch(() => undefined);
      const now = deps.now?.() ?? new Date();
      await deps.parking?.park(
        parkedAlert({
          alert,
          route,
          httpStatus: outcome.httpStatus,
          slackAnswer: outcome.body,
          messageId: delivery.messageId,
          now,
        }),
      );
      return {
        ...routed,
        outcome: 'rejected',
        httpStatus: outcome.httpStatus,
        body: outcome.body,
        attempts: outcome.attempts,
        parked: deps.parking !== undefined,
      };
    }
    case 'rate-limited': {
      await lease?.release().catch(() => undefined);
      if (deps.retryQueue === undefined || delivery.handBacks >= MAX_HAND_BACKS) {
        throw new SlackDeliveryError({
          route,
          attempts: outcome.attempts,
          httpStatus: 429,
          reason: `rate limited, Slack asks to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s${delivery.handBacks > 0 ? ` (handed back ${delivery.handBacks} times already)` : ''}`,
        });
      }
      const message = slackRetryMessage(alert, delivery);
      await deps.retryQueue.postLater(message, outcome.retryAfterMs / 1000);
      return {
        ...routed,
        outcome: 'deferred',
        retryAfterMs: outcome.retryAfterMs,
        attempts: outcome.attempts,
        handBacks: message.handBacks,
      };
    }
  }
}

/**
 * Records the post. It was made whatever happens here: a failure is a warning, not an error
 * to retry for (a retry would post it again once the lease ran out).
 */
async function confirm(
  lease: DeliveryLease<SlackPostState> | undefined,
  state?: SlackPostState,
): Promise<string | undefined> {
  if (lease === undefined) return undefined;
  try {
    if ((await lease.confirm(state)) === 'lost') {
      return 'posted after its claim ran out: another invocation may post this alert too';
    }
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `posted, but not recorded (${reason}): a retry may post this alert again`;
  }
}
