import { createHash } from 'node:crypto';
import type { SweepMessage } from './sweep-message.ts';
import type { SweepTarget } from './sweep-target.ts';

/** One message of a sweep, as it is queued. */
export interface QueuedSweepMessage {
  body: string;
  /**
   * The same for every send of one message (a run's target and mode, or one continuation of
   * it): the enqueue ledger records it once the message is sent, so a retried enqueue skips
   * what already went out.
   */
  deduplicationId: string;
  /** How long SQS keeps the message invisible, 0–900 s (a standard queue's per-message delay). */
  delaySeconds?: number;
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
  /** Messages made visible a second, at most; default {@link FAN_OUT_PER_SECOND}. */
  perSecond?: number;
}

/**
 * How fast the fan-out starts the workers: ten account-regions a second. Started all at once,
 * the workers assume every member role in the same few seconds and the central account's STS
 * throttles them: `npm run bench -- --scale` measured 19,108 of 23,674 AssumeRole calls
 * throttled and 16 account-regions dead-lettered that way, 41 of 7,526 and none at this pace.
 */
export const FAN_OUT_PER_SECOND = 10;

/** SQS delays a message by at most 15 minutes. */
const MAX_DELAY_SECONDS = 900;

/**
 * The deduplication id of a sweep message: a SHA-256 of run, account, region and mode, and,
 * for a continuation, its part and page token (so each part is its own message).
 *
 * @example
 * ```ts
 * sweepMessageDeduplicationId({ version: 1, runId: 'r', account: '123456789012', region: 'eu-west-1', mode: 'enforce' });
 * // 64 hex digits
 * ```
 */
export function sweepMessageDeduplicationId(message: SweepMessage): string {
  const { runId, account, region, mode, part, startToken } = message;
  const fields: unknown[] = [runId, account, region, mode];
  if (part !== undefined || startToken !== undefined) fields.push(part ?? 1, startToken ?? '');
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * Fans a sweep out: one message per (account, region), so each is processed, retried and
 * dead-lettered on its own. Region by region, so that one account's regions (which may share
 * its API limits) are far apart in the queue; spread over time with `DelaySeconds`, so that
 * the workers start at `perSecond` (beyond 15 minutes the event source's concurrency paces
 * them). Each message carries its deduplication id, the same on every retry of the run's
 * enqueue: a queue wrapped in the enqueue ledger sends it once.
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
  const perSecond = input.perSecond ?? FAN_OUT_PER_SECOND;
  if (!(perSecond > 0)) throw new RangeError(`perSecond is ${perSecond}, not a positive rate`);
  const regions = [...new Set(input.targets.map((t) => t.region))];
  const ordered = regions.flatMap((region) => input.targets.filter((t) => t.region === region));
  const messages: SweepMessage[] = ordered.map(({ account, region }) => ({
    version: 1,
    runId: input.runId,
    account,
    region,
    mode: input.mode,
  }));
  if (messages.length > 0) {
    await deps.queue.send(
      messages.map((message, i) => ({
        body: JSON.stringify(message),
        deduplicationId: sweepMessageDeduplicationId(message),
        delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.floor(i / perSecond)),
      })),
    );
  }
  return messages;
}
