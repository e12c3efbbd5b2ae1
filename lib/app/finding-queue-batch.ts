/**
 * The finding queue's batch, read: each SQS record holds one EventBridge event (the rule's
 * target is the queue), normalized as every event is.
 *
 * @module
 */
import * as z from 'zod';
import type { WindowEvent } from '#lib/alerts/continuous/finding-window.ts';
import type { AccountAllowList } from '#lib/aws/account-allow-list.ts';
import { InvalidEventError, normalizeEvent } from '#lib/events/index.ts';

const SqsBatchSchema = z.object({
  Records: z.array(z.object({ messageId: z.string().min(1), body: z.string() })).min(1),
});

/** A record not acted on, and why (never retried: retrying cannot change it). */
export interface SkippedRecord {
  recordId: string;
  outcome: 'rejected' | 'refused' | 'ignored';
  reason: string;
}

/**
 * Reads a batch: the finding events, and the records turned away (not JSON, not a valid
 * event, an account outside the allow-list, an event that is not a finding on an image).
 *
 * @throws InvalidEventError when the batch itself is not an SQS batch
 *
 * @example
 * ```ts
 * const { events, skipped } = readFindingQueueBatch(sqsEvent, allowList);
 * ```
 */
export function readFindingQueueBatch(
  raw: unknown,
  allowList: Pick<AccountAllowList, 'refusal'>,
): { events: WindowEvent[]; skipped: SkippedRecord[] } {
  const batch = SqsBatchSchema.safeParse(raw);
  if (!batch.success) {
    throw new InvalidEventError(
      `not an SQS batch: ${batch.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ')}`,
    );
  }
  const events: WindowEvent[] = [];
  const skipped: SkippedRecord[] = [];
  for (const { messageId: recordId, body } of batch.data.Records) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      skipped.push({ recordId, outcome: 'rejected', reason: 'body: not JSON' });
      continue;
    }
    let event: ReturnType<typeof normalizeEvent>;
    try {
      event = normalizeEvent(json);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      skipped.push({ recordId, outcome: 'rejected', reason: error.message });
      continue;
    }
    if (event.kind !== 'finding-changed') {
      const reason =
        event.kind === 'ignored'
          ? event.reason
          : `${event.kind} events do not come through the finding queue`;
      skipped.push({ recordId, outcome: 'ignored', reason });
      continue;
    }
    // The image's account (the delegated administrator's copy names the member's).
    const refusal = allowList.refusal(event.account) ?? allowList.refusal(event.deliveredTo);
    if (refusal !== undefined) {
      skipped.push({ recordId, outcome: 'refused', reason: refusal });
      continue;
    }
    events.push({ event, recordId });
  }
  return { events, skipped };
}
