import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toAwsCallError } from '#lib/aws/index.ts';
import type { OutgoingSweepMessage, SweepQueue } from './enqueue-sweep.ts';
import { SweepQueueError } from './errors.ts';

/** SQS accepts at most 10 messages per `SendMessageBatch`. */
const SQS_BATCH_SIZE = 10;

/**
 * The sweep queue on SQS: `SendMessageBatch` by tens. Entries SQS refuses are an error (the
 * scheduled invocation fails and is retried; the worker is idempotent, so a message sent
 * twice costs reads only).
 *
 * @example
 * ```ts
 * const queue = sqsSweepQueue(new SQSClient({ region }), queueUrl, region);
 * await queue.send([{ body: '{"version":1,…}', delaySeconds: 30 }]);
 * ```
 */
export function sqsSweepQueue(client: SQSClient, queueUrl: string, region: string): SweepQueue {
  return {
    async send(messages: readonly OutgoingSweepMessage[]): Promise<void> {
      for (let start = 0; start < messages.length; start += SQS_BATCH_SIZE) {
        const batch = messages.slice(start, start + SQS_BATCH_SIZE);
        let failed: string[];
        try {
          const out = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: batch.map(({ body, delaySeconds }, i) => ({
                Id: String(start + i),
                MessageBody: body,
                ...(delaySeconds === undefined || delaySeconds === 0
                  ? {}
                  : { DelaySeconds: delaySeconds }),
              })),
            }),
          );
          failed = (out.Failed ?? []).map((f) => `${f.Id}: ${f.Code} ${f.Message ?? ''}`.trim());
        } catch (error) {
          throw toAwsCallError(error, {
            operation: 'sqs:SendMessageBatch',
            account: 'self',
            region,
          });
        }
        if (failed.length > 0) {
          throw new SweepQueueError(failed);
        }
      }
    },
  };
}
