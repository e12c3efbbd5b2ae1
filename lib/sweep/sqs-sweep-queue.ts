import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toAwsCallError } from '#lib/aws/index.ts';
import type { QueuedSweepMessage, SweepQueue } from './enqueue-sweep.ts';
import { SweepQueueError } from './errors.ts';

/** SQS accepts at most 10 messages per `SendMessageBatch`. */
const SQS_BATCH_SIZE = 10;

/**
 * The sweep queue on SQS: `SendMessageBatch` by tens. Entries SQS refuses are an error (the
 * scheduled invocation fails and is retried). On a FIFO queue (`….fifo`, as deployed) each
 * message carries its deduplication id and its target's group: a retried enqueue adds only
 * what the queue does not have yet. On a standard queue a retry sends everything again (the
 * worker's lock then makes the second sweep of a target cost reads only).
 *
 * @example
 * ```ts
 * const queue = sqsSweepQueue(new SQSClient({ region }), queueUrl, region);
 * await queue.send([{ body: '{"version":1,…}', deduplicationId, groupId }]);
 * ```
 */
export function sqsSweepQueue(client: SQSClient, queueUrl: string, region: string): SweepQueue {
  const fifo = queueUrl.endsWith('.fifo');
  return {
    async send(messages: readonly QueuedSweepMessage[]): Promise<void> {
      for (let start = 0; start < messages.length; start += SQS_BATCH_SIZE) {
        const batch = messages.slice(start, start + SQS_BATCH_SIZE);
        let failed: string[];
        try {
          const out = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: batch.map((message, i) => ({
                Id: String(start + i),
                MessageBody: message.body,
                ...(fifo
                  ? {
                      MessageDeduplicationId: message.deduplicationId,
                      MessageGroupId: message.groupId,
                    }
                  : {}),
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
