import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse } from 'aws-lambda';
import { createSweepWorkerFunction } from '#lib/app/sweep-worker-function.ts';
import { logFailures } from '#lib/handlers/log-failures-middleware.ts';

const { logger, handle } = await createSweepWorkerFunction();

/**
 * SQS (one message per account and region, or a part of one) → sweep it; failures reported
 * per message; what does not fit the invocation continues in a new message.
 */
export const handler = middy<unknown, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logFailures({ logger, message: 'the sweep batch failed, it will be retried' }))
  .handler(handle);
