import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { toAwsCallError } from '#lib/aws/index.ts';
import type { QueuedSweepMessage, SweepQueue } from './enqueue-sweep.ts';
import { SweepQueueError } from './errors.ts';

/** SQS accepts at most 10 messages per `SendMessageBatch`. */
const SQS_BATCH_SIZE = 10;

/** Batches in flight at once: 2,000 accounts × 12 regions is 2,400 batches, 60 s one by one. */
const BATCHES_IN_FLIGHT = 10;

/**
 * The sweep queue on SQS (a standard queue: per-message `DelaySeconds` spread the fan-out):
 * `SendMessageBatch` by tens, ten batches at a time (the scheduler's fan-out must fit its
 * timeout). Entries SQS refuses are an error (the scheduled invocation fails and is retried;
 * the enqueue ledger in front of this queue then sends only what was not sent).
 *
 * @example
 * ```ts
 * const queue = sqsSweepQueue(new SQSClient({ region }), queueUrl, region);
 * await queue.send([{ body: '{"version":1,…}', deduplicationId, delaySeconds: 30 }]);
 * ```
 */
export function sqsSweepQueue(client: SQSClient, queueUrl: string, region: string): SweepQueue {
  async function sendBatch(batch: readonly QueuedSweepMessage[], first: number): Promise<string[]> {
    try {
      const out = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map(({ body, delaySeconds }, i) => ({
            Id: String(first + i),
            MessageBody: body,
            ...(delaySeconds === undefined || delaySeconds === 0
              ? {}
              : { DelaySeconds: delaySeconds }),
          })),
        }),
      );
      return (out.Failed ?? []).map((f) => `${f.Id}: ${f.Code} ${f.Message ?? ''}`.trim());
    } catch (error) {
      throw toAwsCallError(error, { operation: 'sqs:SendMessageBatch', account: 'self', region });
    }
  }

  return {
    async send(messages: readonly QueuedSweepMessage[]): Promise<void> {
      const group = SQS_BATCH_SIZE * BATCHES_IN_FLIGHT;
      for (let start = 0; start < messages.length; start += group) {
        const sends: Promise<string[]>[] = [];
        for (let at = start; at < Math.min(messages.length, start + group); at += SQS_BATCH_SIZE) {
          sends.push(sendBatch(messages.slice(at, at + SQS_BATCH_SIZE), at));
        }
        const failed = (await Promise.all(sends)).flat();
        if (failed.length > 0) throw new SweepQueueError(failed);
      }
    },
  };
}
