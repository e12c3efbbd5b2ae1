import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import {
  createReportFindingsFunction,
  type ReportFindingsOutcome,
} from '#lib/app/report-findings-function.ts';
import type { TurnedAway } from '#lib/handlers/admit-event.ts';
import { admitGuardEvent, type GuardEvent } from '#lib/handlers/admit-event-middleware.ts';
import { logFailures } from '#lib/handlers/log-failures-middleware.ts';

export type ReportFindingsResponse = ReportFindingsOutcome | TurnedAway;

const { logger, allowList, handle } = await createReportFindingsFunction();

/**
 * EventBridge (ECR Image Scan, Inspector2 Scan) → one deduplicated alert on the SNS topic. A
 * failure is thrown on purpose: Lambda retries, then the event lands in the on-failure queue.
 */
export const handler = middy<GuardEvent, ReportFindingsResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(admitGuardEvent({ logger, allowList }))
  .use(logFailures({ logger, message: 'reporting findings failed, the event will be retried' }))
  .handler(handle);
