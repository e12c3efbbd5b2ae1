import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toAwsCallError } from '#lib/aws/index.ts';
import type { SweepQueue } from './enqueue-sweep.ts';
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
 * await queue.send(['{"version":1,…}']);
 * ```
 */
export function sqsSweepQueue(client: SQSClient, queueUrl: string, region: string): SweepQueue {
  return {
    async send(bodies: readonly string[]): Promise<void> {
      for (let start = 0; start < bodies.length; start += SQS_BATCH_SIZE) {
        const batch = bodies.slice(start, start + SQS_BATCH_SIZE);
        let failed: string[];
        try {
          const out = await client.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: batch.map((MessageBody, i) => ({ Id: String(start + i), MessageBody })),
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
