import type { SweepMessage } from './sweep-message.ts';
import type { SweepTarget } from './sweep-target.ts';

/** A message for the sweep queue, and how long SQS keeps it invisible (0–900 s). */
export interface OutgoingSweepMessage {
  body: string;
  delaySeconds?: number;
}

/** Where the sweep's messages go: the SQS adapter, or a fake. */
export interface SweepQueue {
  /** Sends every message; throws when some could not be sent. */
  send(messages: readonly OutgoingSweepMessage[]): Promise<void>;
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
 * Fans a sweep out: one message per (account, region), so each is processed, retried and
 * dead-lettered on its own. Region by region, so that one account's regions (which may share
 * its API limits) are far apart in the queue; spread over time with `DelaySeconds`, so that
 * the workers start at `perSecond` (beyond 15 minutes the event source's concurrency paces them).
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
        delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.floor(i / perSecond)),
      })),
    );
  }
  return messages;
}
