/**
 * Where a notice that could not be published is kept: the function's on-failure queue, which
 * alarms. The remediation it announces is done and stays done.
 *
 * @module
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type { Notice } from './notice.ts';

/** A notice kept for a person (or a redrive) to send: the notice, and why it was not sent. */
export interface ParkedNotice {
  kind: 'notice';
  reason: string;
  parkedAt: string;
  notice: Notice;
}

/** Keeps notices that could not be published. */
export interface NoticeParking {
  /** @throws AwsCallError when the queue fails */
  park(parked: ParkedNotice): Promise<void>;
}

/**
 * {@link NoticeParking} on an SQS queue.
 *
 * @example
 * ```ts
 * const parking = sqsNoticeParking(sqs, queueUrl, 'us-east-1');
 * ```
 */
export function sqsNoticeParking(
  client: SQSClient,
  queueUrl: string,
  region: string,
): NoticeParking {
  return {
    async park(parked) {
      try {
        await client.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(parked) }),
        );
      } catch (error) {
        throw toAwsCallError(error, { operation: 'sqs:SendMessage', account: 'self', region });
      }
    },
  };
}
