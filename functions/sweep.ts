import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createSweepFunction, type SweepResponse } from '#lib/app/sweep-function.ts';
import { logFailures } from '#lib/handlers/log-failures-middleware.ts';

export type { SweepResponse };

const { logger, handle } = createSweepFunction();

/** Schedule → one SQS message per (account, region) for `sweep-worker`. */
export const handler = middy<unknown, SweepResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logFailures({ logger, message: 'the sweep could not be enqueued, it will be retried' }))
  .handler(handle);
