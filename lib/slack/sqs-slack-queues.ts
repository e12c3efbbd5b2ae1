/**
 * notify-slack's two queues on SQS: the on-failure queue refused alerts are parked in, and
 * the retry queue alerts are handed back to with a delay.
 *
 * @module
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type { AlertParking, ParkedAlert } from './parked-alert.ts';
import {
  MAX_DELAY_SECONDS,
  type SlackRetryMessage,
  type SlackRetryQueue,
} from './slack-retry-message.ts';

async function send(
  client: SQSClient,
  queueUrl: string,
  region: string,
  body: unknown,
  delaySeconds?: number,
): Promise<void> {
  try {
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        ...(delaySeconds === undefined ? {} : { DelaySeconds: delaySeconds }),
      }),
    );
  } catch (error) {
    throw toAwsCallError(error, { operation: 'sqs:SendMessage', account: 'self', region });
  }
}

/**
 * Parks refused alerts in an SQS queue.
 *
 * @example
 * ```ts
 * const parking = sqsAlertParking(sqs, failureQueueUrl, region);
 * ```
 */
export function sqsAlertParking(client: SQSClient, queueUrl: string, region: string): AlertParking {
  return { park: (parked: ParkedAlert) => send(client, queueUrl, region, parked) };
}

/**
 * Hands alerts back to an SQS queue, delayed (at most SQS's 15 minutes).
 *
 * @example
 * ```ts
 * await sqsSlackRetryQueue(sqs, retryQueueUrl, region).postLater(message, 30);
 * ```
 */
export function sqsSlackRetryQueue(
  client: SQSClient,
  queueUrl: string,
  region: string,
): SlackRetryQueue {
  return {
    postLater: (message: SlackRetryMessage, delaySeconds: number) =>
      send(
        client,
        queueUrl,
        region,
        message,
        Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds))),
      ),
  };
}
