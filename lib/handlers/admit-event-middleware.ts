import type { MiddlewareObj } from '@middy/core';
import type { AccountAllowList } from '#lib/aws/account-allow-list.ts';
import type { GuardEvent } from '#lib/events/index.ts';
import type { Logger } from '#lib/observability/logger.ts';
import { admitEvent, type TurnedAway } from './admit-event.ts';

export type { GuardEvent };

export interface AdmitEventOptions {
  logger: Logger;
  allowList: AccountAllowList;
}

/** The log keys of an event: every line of the invocation carries them. */
function keysOf(event: GuardEvent): Record<string, string> {
  return {
    account: event.account,
    region: event.region,
    eventKind: event.kind,
    eventId: event.id,
    ...('repositoryName' in event && event.repositoryName !== undefined
      ? { repository: event.repositoryName }
      : {}),
  };
}

/**
 * The edge of every EventBridge handler, as a middy middleware: the raw event is validated,
 * normalized and checked against the allow-list; the handler receives the {@link GuardEvent}.
 * What is turned away is the invocation's response (logged with the reason, no AWS call, not
 * retried: retrying cannot change it).
 *
 * @example
 * ```ts
 * export const handler = middy<GuardEvent, Response>()
 *   .use(admitGuardEvent({ logger, allowList }))
 *   .handler((event) => handleEnforcementEvent(event, deps));
 * ```
 */
export function admitGuardEvent(options: AdmitEventOptions): MiddlewareObj<GuardEvent, unknown> {
  return {
    before(request) {
      const admitted = admitEvent(request.event as unknown, options);
      if ('outcome' in admitted) return admitted satisfies TurnedAway;
      request.event = admitted.event;
      options.logger.appendKeys(keysOf(admitted.event));
      return undefined;
    },
  };
}
