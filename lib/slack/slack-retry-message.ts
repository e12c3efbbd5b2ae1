/**
 * An alert handed back to be posted later (Slack asked to wait longer than notify-slack may):
 * the message on notify-slack's retry queue, sent with the delay Slack asked for.
 *
 * @module
 */
import * as z from 'zod';
import type { AnyAlert } from '#lib/alerts/any-alert.ts';

/** How many times one alert is handed back before it is an error (Lambda's, then the DLQ's). */
export const MAX_HAND_BACKS = 5;

/** SQS delays a message by at most 15 minutes. */
export const MAX_DELAY_SECONDS = 900;

export const SlackRetryMessageSchema = z.strictObject({
  version: z.literal(1),
  kind: z.literal('ecr-guard-slack-retry'),
  /** The alert, as SNS carried it (the JSON the schema reads). */
  alert: z.unknown(),
  /** How many times it was handed back so far, this one included. */
  handBacks: z.number().int().positive(),
  /** The SNS message the alert first came in. */
  firstMessageId: z.string().min(1),
});
export type SlackRetryMessage = z.infer<typeof SlackRetryMessageSchema>;

/** Where alerts are handed back to (the retry queue). */
export interface SlackRetryQueue {
  /** Sends `message`, to be received no sooner than `delaySeconds` from now. */
  postLater(message: SlackRetryMessage, delaySeconds: number): Promise<void>;
}

/**
 * The message handing `alert` back once more.
 *
 * @example
 * ```ts
 * slackRetryMessage(alert, { handBacks: 0, firstMessageId: record.messageId });
 * ```
 */
export function slackRetryMessage(
  alert: AnyAlert,
  previous: { handBacks: number; firstMessageId: string },
): SlackRetryMessage {
  return {
    version: 1,
    kind: 'ecr-guard-slack-retry',
    alert,
    handBacks: previous.handBacks + 1,
    firstMessageId: previous.firstMessageId,
  };
}
