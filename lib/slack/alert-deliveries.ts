/**
 * The alerts of an invocation of notify-slack: from the alerts topic (SNS), or handed back
 * through its retry queue (SQS).
 *
 * @module
 */
import * as z from 'zod';
import { type AnyAlert, parseAnyAlertMessage } from '#lib/alerts/any-alert.ts';
import { InvalidAlertError } from '#lib/alerts/errors.ts';
import { SlackRetryMessageSchema } from './slack-retry-message.ts';
import { type RejectedSnsRecord, snsAlertRecords } from './sns-alert-records.ts';

/**
 * An alert to post to Slack: the alert, the message it came in, and how many times it was
 * handed back already (a long rate limit).
 */
export interface SlackDelivery {
  alert: AnyAlert;
  messageId: string;
  /** 0 for an alert from SNS. */
  handBacks: number;
  /** The SNS message the alert first came in (the same as `messageId` from SNS). */
  firstMessageId: string;
}

/** The fields of an SQS → Lambda event the notifier reads. */
const SqsEventSchema = z.object({
  Records: z
    .array(z.object({ eventSource: z.literal('aws:sqs'), messageId: z.string(), body: z.string() }))
    .min(1),
});

function issuesOf(error: z.ZodError, prefix: string): string[] {
  return error.issues.map(
    (issue) =>
      `${[prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.') || 'event'}: ${issue.message}`,
  );
}

/**
 * Reads the alerts of an invocation. What is not an alert is returned in `rejected`, with the
 * fields at fault, never their values.
 *
 * @param raw - the event as Lambda received it: SNS records, or the retry queue's SQS records
 * @returns the deliveries, and the records that carry no alert
 *
 * @example
 * ```ts
 * const { deliveries, rejected } = alertDeliveries(event);
 * ```
 */
export function alertDeliveries(raw: unknown): {
  deliveries: SlackDelivery[];
  rejected: RejectedSnsRecord[];
} {
  const sqs = SqsEventSchema.safeParse(raw);
  if (!sqs.success) {
    const { alerts, rejected } = snsAlertRecords(raw);
    return {
      deliveries: alerts.map(({ messageId, alert }) => ({
        alert,
        messageId,
        handBacks: 0,
        firstMessageId: messageId,
      })),
      rejected,
    };
  }
  const deliveries: SlackDelivery[] = [];
  const rejected: RejectedSnsRecord[] = [];
  for (const { messageId, body } of sqs.data.Records) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      rejected.push({ messageId, issues: ['body: not JSON'] });
      continue;
    }
    const message = SlackRetryMessageSchema.safeParse(json);
    if (!message.success) {
      rejected.push({ messageId, issues: issuesOf(message.error, 'body') });
      continue;
    }
    try {
      const alert = parseAnyAlertMessage(JSON.stringify(message.data.alert));
      const { handBacks, firstMessageId } = message.data;
      deliveries.push({ alert, messageId, handBacks, firstMessageId });
    } catch (error) {
      if (!(error instanceof InvalidAlertError)) throw error;
      rejected.push({ messageId, issues: error.issues.map((issue) => `body.alert.${issue}`) });
    }
  }
  return { deliveries, rejected };
}
