/**
 * An alert Slack refused for good, as it is kept in notify-slack's on-failure queue: with
 * its team, its route and Slack's answer, for someone to fix the route and send it again.
 *
 * @module
 */
import type { AnyAlert } from '#lib/alerts/any-alert.ts';

export interface ParkedAlert {
  version: 1;
  reason: 'slack-refused';
  /** The alert's team, and the route (webhook) it was posted to. */
  team: string;
  route: string;
  httpStatus: number;
  /** Slack's answer (`channel_is_archived`, `no_service`, …), scrubbed of webhook URLs. */
  slackAnswer: string;
  /** What to do about it, in one sentence. */
  action: string;
  alert: AnyAlert;
  /** The SNS message (or retry-queue message) the alert came in. */
  messageId: string;
  parkedAt: string;
}

/** Where refused alerts are kept: the on-failure queue. */
export interface AlertParking {
  park(parked: ParkedAlert): Promise<void>;
}

/**
 * The message for a refused alert.
 *
 * @example
 * ```ts
 * parkedAlert({ alert, route: 'payments', httpStatus: 410, slackAnswer: 'channel_is_archived', messageId, now: new Date() });
 * ```
 */
export function parkedAlert(input: {
  alert: AnyAlert;
  route: string;
  httpStatus: number;
  slackAnswer: string;
  messageId: string;
  now: Date;
}): ParkedAlert {
  return {
    version: 1,
    reason: 'slack-refused',
    team: input.alert.team,
    route: input.route,
    httpStatus: input.httpStatus,
    slackAnswer: input.slackAnswer,
    action: `Slack refused route "${input.route}" (HTTP ${input.httpStatus} ${input.slackAnswer}): fix that route's webhook in the Slack webhooks secret, then send this alert again`,
    alert: input.alert,
    messageId: input.messageId,
    parkedAt: input.now.toISOString(),
  };
}
