/**
 * The notices in an SNS event from the alerts topic: the records whose `kind` message
 * attribute is `notice` (or, without attributes, whose body is of type `ecr-guard-notice`). The other records (alerts, and whatever other kinds the topic
 * carries) are handed on untouched, to their own readers.
 *
 * @module
 */
import * as z from 'zod';
import { NOTICE_KIND, NOTICE_TYPE, type Notice, NoticeSchema } from '#lib/notices/notice.ts';
import type { RejectedSnsRecord } from './sns-alert-records.ts';

/** A notice to post to Slack, and the SNS message it came in. */
export interface NoticeDelivery {
  notice: Notice;
  messageId: string;
}

const KindedRecordsSchema = z.object({
  Records: z.array(
    z.looseObject({
      EventSource: z.literal('aws:sns'),
      Sns: z.looseObject({
        MessageId: z.string(),
        Message: z.string(),
        MessageAttributes: z
          .record(z.string(), z.looseObject({ Value: z.string().optional() }))
          .optional(),
      }),
    }),
  ),
});

/**
 * The `kind` message attribute of an SNS record (`undefined` for an alert published before
 * kinds existed, or another message).
 */
function kindOf(
  record: z.output<typeof KindedRecordsSchema>['Records'][number],
): string | undefined {
  return record.Sns.MessageAttributes?.kind?.Value;
}

/**
 * Takes the notices out of an SNS event.
 *
 * @param raw - the event as Lambda received it
 * @returns the notices, the notice records that do not parse (with the fields at fault, never
 *   their values), and the event without the notice records (`raw` itself when it is not an
 *   SNS event), for the alert reader
 *
 * @example
 * ```ts
 * const { notices, rejected, rest } = noticeDeliveries(event);
 * const { deliveries } = alertDeliveries(rest);
 * ```
 */
export function noticeDeliveries(raw: unknown): {
  notices: NoticeDelivery[];
  rejected: RejectedSnsRecord[];
  rest: unknown;
} {
  const parsed = KindedRecordsSchema.safeParse(raw);
  if (!parsed.success) return { notices: [], rejected: [], rest: raw };
  const notices: NoticeDelivery[] = [];
  const rejected: RejectedSnsRecord[] = [];
  const others: unknown[] = [];
  for (const record of parsed.data.Records) {
    const kind = kindOf(record);
    let json: unknown;
    try {
      json = JSON.parse(record.Sns.Message);
    } catch {
      json = undefined;
    }
    // By the `kind` attribute; a delivery that carries no attributes (moto's HTTP
    // notifications do not) is told by the body's own `type`.
    const isNotice =
      kind === NOTICE_KIND ||
      (kind === undefined && (json as { type?: unknown } | undefined)?.type === NOTICE_TYPE);
    if (!isNotice) {
      others.push(record);
      continue;
    }
    const messageId = record.Sns.MessageId;
    if (json === undefined) {
      rejected.push({ messageId, issues: ['message: not JSON'] });
      continue;
    }
    const notice = NoticeSchema.safeParse(json);
    if (notice.success) notices.push({ notice: notice.data, messageId });
    else {
      rejected.push({
        messageId,
        issues: notice.error.issues.map(
          (issue) => `${issue.path.map(String).join('.') || 'message'}: ${issue.message}`,
        ),
      });
    }
  }
  return { notices, rejected, rest: { ...(raw as object), Records: others } };
}
