import { createHash } from 'node:crypto';
import type { SweepMessage } from './sweep-message.ts';
import type { SweepTarget } from './sweep-target.ts';

/** One message of a sweep, as it is queued. */
export interface QueuedSweepMessage {
  body: string;
  /**
   * The same for every send of one (run, target, mode): a FIFO queue takes the message once
   * however many times an enqueue is retried (within SQS's 5-minute deduplication window).
   */
  deduplicationId: string;
  /** One group per target, so that targets are swept side by side, not in turn. */
  groupId: string;
}

/** Where the sweep's messages go: the SQS adapter, or a fake. */
export interface SweepQueue {
  /** Sends every message; throws when some could not be sent. */
  send(messages: readonly QueuedSweepMessage[]): Promise<void>;
}

export interface EnqueueSweepInput {
  runId: string;
  mode: SweepMessage['mode'];
  targets: readonly SweepTarget[];
}

/**
 * The deduplication id of a run's message for a target: a SHA-256 of run, account, region and
 * mode (SQS takes at most 128 characters; a run id alone may have as many).
 *
 * @example
 * ```ts
 * sweepMessageDeduplicationId({ version: 1, runId: 'r', account: '123456789012', region: 'eu-west-1', mode: 'enforce' });
 * // 64 hex digits
 * ```
 */
export function sweepMessageDeduplicationId(message: SweepMessage): string {
  return createHash('sha256')
    .update(JSON.stringify([message.runId, message.account, message.region, message.mode]))
    .digest('hex');
}

/**
 * Fans a sweep out: one message per (account, region), so each is processed, retried and
 * dead-lettered on its own. Idempotent per run and target: a retried enqueue (the schedule's
 * invocation failed part-way) sends the same deduplication ids, and the queue drops what it
 * already has.
 *
 * @example
 * ```ts
 * await enqueueSweep({ runId: event.id, mode: 'enforce', targets }, { queue });
 * ```
 */
export async function enqueueSweep(
  input: EnqueueSweepInput,
  deps: { queue: SweepQueue },
): Promise<SweepMessage[]> {
  const messages: SweepMessage[] = input.targets.map(({ account, region }) => ({
    version: 1,
    runId: input.runId,
    account,
    region,
    mode: input.mode,
  }));
  if (messages.length > 0) {
    await deps.queue.send(
      messages.map((message) => ({
        body: JSON.stringify(message),
        deduplicationId: sweepMessageDeduplicationId(message),
        groupId: `${message.account}/${message.region}`,
      })),
    );
  }
  return messages;
}
