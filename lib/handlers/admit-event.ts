import type { AccountAllowList } from '#lib/aws/account-allow-list.ts';
import { type GuardEvent, InvalidEventError, normalizeEvent } from '#lib/events/index.ts';
import type { Logger } from '#lib/observability/logger.ts';

/** Why an event was turned away at the edge; neither is retried, retrying cannot change it. */
export interface TurnedAway {
  outcome: 'rejected' | 'refused';
  reason: string;
}

/**
 * The edge every event-driven handler starts with: validate and normalize the raw event, and
 * refuse accounts outside the allow-list. What is turned away is logged with the reason and
 * costs no AWS call.
 *
 * @example
 * ```ts
 * const admitted = admitEvent(raw, { logger, allowList });
 * if ('outcome' in admitted) return admitted;
 * await handle(admitted.event);
 * ```
 */
export function admitEvent(
  raw: unknown,
  { logger, allowList }: { logger: Logger; allowList: AccountAllowList },
): { event: GuardEvent } | TurnedAway {
  let event: GuardEvent;
  try {
    event = normalizeEvent(raw);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    logger.warn('invalid event dropped', { reason: error.message, issues: error.issues });
    return { outcome: 'rejected', reason: error.message };
  }
  const refusal = allowList.refusal(event.account);
  if (refusal !== undefined) {
    logger.warn('event refused', { account: event.account, reason: refusal });
    return { outcome: 'refused', reason: refusal };
  }
  return { event };
}
