/**
 * The event Lambda's SQS poller invokes a function with, built from the messages received
 * from a queue on the emulator (the shape of the AWS Lambda developer guide, "Using Lambda
 * with Amazon SQS"; the same as test/integration/sweep-lambdas.test.ts builds).
 */
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';

/**
 * Receives up to 10 messages (waiting up to `waitSeconds` for the first) and returns them as
 * the SQS event of one invocation.
 *
 * @example
 * ```ts
 * const event = await receiveAsSqsEvent(sqs, queueUrl, { region: 'us-east-1', waitSeconds: 20 });
 * ```
 */
export async function receiveAsSqsEvent(
  sqs: SQSClient,
  queueUrl: string,
  options: { region: string; waitSeconds?: number },
): Promise<SQSEvent> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: options.waitSeconds ?? 0,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return {
    Records: (out.Messages ?? []).map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? '0',
        SenderId: m.Attributes?.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: Attributes?.QueueArn ?? '',
      awsRegion: options.region,
    })),
  };
}
