import type { SweepMessage } from './sweep-message.ts';
import type { SweepTarget } from './sweep-target.ts';

/** Where the sweep's messages go: the SQS adapter, or a fake. */
export interface SweepQueue {
  /** Sends every body; throws when some could not be sent. */
  send(bodies: readonly string[]): Promise<void>;
}

export interface EnqueueSweepInput {
  runId: string;
  mode: SweepMessage['mode'];
  targets: readonly SweepTarget[];
}

/**
 * Fans a sweep out: one message per (account, region), so each is processed, retried and
 * dead-lettered on its own.
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
  if (messages.length > 0) await deps.queue.send(messages.map((m) => JSON.stringify(m)));
  return messages;
}
