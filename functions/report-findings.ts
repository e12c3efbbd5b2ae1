import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import {
  createReportFindingsFunction,
  type ReportFindingsOutcome,
} from '#lib/app/report-findings-function.ts';
import type { TurnedAway } from '#lib/handlers/admit-event.ts';
import { admitGuardEvent, type GuardEvent } from '#lib/handlers/admit-event-middleware.ts';
import { logFailures } from '#lib/handlers/log-failures-middleware.ts';
import { isSqsBatch } from '#lib/handlers/sqs-batch.ts';

export type ReportFindingsResponse = ReportFindingsOutcome | TurnedAway;

const { logger, allowList, handle, handleBatch } = await createReportFindingsFunction();

/**
 * EventBridge (ECR Image Scan, Inspector2 Scan) → one deduplicated alert on the SNS topic. A
 * failure is thrown on purpose: Lambda retries, then the event lands in the on-failure queue.
 */
const scanHandler = middy<GuardEvent, ReportFindingsResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(admitGuardEvent({ logger, allowList }))
  .use(logFailures({ logger, message: 'reporting findings failed, the event will be retried' }))
  .handler(handle);

/** The finding queue (Inspector2 Finding, one window a batch) → the window's few messages. */
const findingBatchHandler = middy<unknown, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logFailures({ logger, message: 'the finding batch failed, it will be retried' }))
  .handler(handleBatch);

export async function handler(
  event: unknown,
  context: Context,
): Promise<ReportFindingsResponse | SQSBatchResponse> {
  return isSqsBatch(event)
    ? findingBatchHandler(event, context)
    : scanHandler(event as GuardEvent, context);
}
