/**
 * The Slack use case: one alert from the topic, posted to its team's channel.
 *
 * @module
 */
import type { Alert } from '#lib/alerts/alert-schema.ts';
import type { SlackPostOutcome } from '#lib/slack/post-to-slack.ts';
import { renderSlackMessage } from '#lib/slack/render-slack-message.ts';
import type { SlackMessage } from '#lib/slack/slack-message.ts';
import type { WebhookLookup } from '#lib/slack/webhook-directory.ts';

export interface NotifySlackDeps {
  webhooks: WebhookLookup;
  /** Posts with the retry policy; throws when Slack should be tried again later. */
  post(url: string, message: SlackMessage, route: string): Promise<SlackPostOutcome>;
}

export type NotifySlackResult =
  | { outcome: 'delivered'; team: string; route: string; attempts: number }
  | {
      outcome: 'rejected';
      team: string;
      route: string;
      httpStatus: number;
      /** Slack's answer (`no_service`, `invalid_blocks`, …), scrubbed of webhook URLs. */
      body: string;
      attempts: number;
    };

/**
 * Posts an alert to Slack.
 *
 * Primary course:
 * 1. Find the team's webhook (its own, else `default`) in the cached secret.
 * 2. Render the alert with Block Kit.
 * 3. Post it: delivered, or rejected for good (4xx other than 429, e.g. a revoked webhook:
 *    returned, for the handler to log with the team — retrying cannot fix it).
 *
 * @param alert - the alert from the topic
 * @param deps - webhooks and the poster
 * @returns what Slack answered
 * @throws SlackDeliveryError when Slack stayed unavailable or rate-limited (retry later);
 *   WebhookSecretError when the secret cannot be used
 *
 * @example
 * ```ts
 * const result = await notifySlack(parseAlertMessage(record.Sns.Message), deps);
 * ```
 */
export async function notifySlack(alert: Alert, deps: NotifySlackDeps): Promise<NotifySlackResult> {
  const { route, url } = await deps.webhooks.webhookFor(alert.team);
  const outcome = await deps.post(url, renderSlackMessage(alert), route);
  if (outcome.status === 'delivered') {
    return { outcome: 'delivered', team: alert.team, route, attempts: outcome.attempts };
  }
  return {
    outcome: 'rejected',
    team: alert.team,
    route,
    httpStatus: outcome.httpStatus,
    body: outcome.body,
    attempts: outcome.attempts,
  };
}
