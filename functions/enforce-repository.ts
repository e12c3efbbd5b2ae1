import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createEnforceRepositoryFunction } from '#lib/app/enforce-repository-function.ts';
import type { EnforcementResult } from '#lib/app/handle-enforcement-event.ts';
import type { TurnedAway } from '#lib/handlers/admit-event.ts';
import { admitGuardEvent, type GuardEvent } from '#lib/handlers/admit-event-middleware.ts';
import { logFailures } from '#lib/handlers/log-failures-middleware.ts';

export type EnforceRepositoryResponse = EnforcementResult | TurnedAway;

const { logger, allowList, expected, handle } = await createEnforceRepositoryFunction();

/**
 * EventBridge → enforce the repository named by a push, creation or drift event. A failure is
 * thrown on purpose: Lambda retries, then the event lands in the on-failure destination.
 */
export const handler = middy<GuardEvent, EnforceRepositoryResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(admitGuardEvent({ logger, allowList }))
  .use(logFailures({ logger, message: 'enforcement failed, the event will be retried', expected }))
  .handler(handle);
