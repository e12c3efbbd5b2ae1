/**
 * The alerts in an SNS event, as Lambda receives it from the alerts topic.
 *
 * @module
 */
import * as z from 'zod';
import { type AnyAlert, parseAnyAlertMessage } from '#lib/alerts/any-alert.ts';
import { InvalidAlertError } from '#lib/alerts/errors.ts';

/** The fields of an SNS → Lambda event the notifier reads. */
const SnsEventSchema = z.object({
  Records: z.array(
    z.object({
      EventSource: z.literal('aws:sns'),
      Sns: z.object({
        MessageId: z.string(),
        Message: z.string(),
      }),
    }),
  ),
});

/** An alert and the SNS message it came in. */
export interface SnsAlertRecord {
  messageId: string;
  alert: AnyAlert;
}

/** A record that is not an alert, and why (it is dropped: retrying cannot fix it). */
export interface RejectedSnsRecord {
  messageId: string | undefined;
  issues: readonly string[];
}

/**
 * Reads the alerts of an SNS event. A record that is not an ecr-guard alert is returned in
 * `rejected`, with the fields at fault, never their values.
 *
 * @param raw - the event as Lambda received it
 * @returns the alerts, and the records that were not alerts
 *
 * @example
 * ```ts
 * const { alerts, rejected } = snsAlertRecords(event);
 * ```
 */
export function snsAlertRecords(raw: unknown): {
  alerts: SnsAlertRecord[];
  rejected: RejectedSnsRecord[];
} {
  const parsed = SnsEventSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      alerts: [],
      rejected: [
        {
          messageId: undefined,
          issues: parsed.error.issues.map(
            (issue) => `${issue.path.map(String).join('.') || 'event'}: ${issue.message}`,
          ),
        },
      ],
    };
  }
  const alerts: SnsAlertRecord[] = [];
  const rejected: RejectedSnsRecord[] = [];
  for (const { Sns } of parsed.data.Records) {
    try {
      alerts.push({ messageId: Sns.MessageId, alert: parseAnyAlertMessage(Sns.Message) });
    } catch (error) {
      if (!(error instanceof InvalidAlertError)) throw error;
      rejected.push({ messageId: Sns.MessageId, issues: error.issues });
    }
  }
  return { alerts, rejected };
}
