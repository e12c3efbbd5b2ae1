import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import {
  createNotifySlackFunction,
  type NotifySlackResponse,
} from '#lib/app/notify-slack-function.ts';
import { logFailures } from '#lib/handlers/log-failures-middleware.ts';

export type { NotifySlackResponse };

const { logger, handle } = createNotifySlackFunction();

/**
 * SNS alerts topic → the owning team's Slack channel, with Block Kit. A failure is thrown on
 * purpose: Lambda retries, then the message lands in the on-failure destination.
 */
export const handler = middy<unknown, NotifySlackResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logFailures({ logger, message: 'posting the alert to Slack failed, it will be retried' }))
  .handler(handle);
