import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createClientFactory } from '#lib/aws/client-factory.ts';
import { readEnvironment, readSlackEnvironment } from '#lib/config/environment.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { alertDeliveries } from '#lib/slack/alert-deliveries.ts';
import { createNotifySlackDeps } from '#lib/slack/create-notify-slack-deps.ts';
import { logNotifySlackResult } from '#lib/slack/log-notify-slack-result.ts';
import { type NotifySlackResult, notifySlack } from '#lib/slack/notify-slack.ts';
import { slackDeliveryMetrics } from '#lib/slack/slack-metrics.ts';

/** What an invocation returns: one outcome per alert. */
export interface NotifySlackResponse {
  results: (NotifySlackResult & { messageId: string })[];
  rejected: number;
}

// Built once per container; the webhook secret is read on first use and cached. The
// modules are imported one by one, not through the barrels, to keep the bundle small.
const logger = createLogger();
const { region } = readEnvironment();
const slackEnvironment = readSlackEnvironment();
const deps = createNotifySlackDeps({ clients: createClientFactory(), region, ...slackEnvironment });

async function notifySlackHandler(raw: unknown): Promise<NotifySlackResponse> {
  const { deliveries, rejected } = alertDeliveries(raw);
  for (const record of rejected) {
    // Not an alert: retrying cannot fix it, so it is dropped (nothing is posted).
    logger.warn('SNS record dropped: not an ecr-guard alert', { ...record });
  }
  const results: NotifySlackResponse['results'] = [];
  for (const delivery of deliveries) {
    const { alert, messageId } = delivery;
    logger.appendKeys({
      account: alert.account.id,
      region: alert.region,
      repository: alert.repository.name,
      team: alert.team,
      fingerprint: alert.fingerprint,
    });
    try {
      const result = await notifySlack(delivery, deps);
      logNotifySlackResult(logger, result, messageId);
      const metrics = slackDeliveryMetrics(result, new Date());
      if (metrics !== undefined) process.stdout.write(`${JSON.stringify(metrics)}\n`);
      results.push({ ...result, messageId });
    } catch (error) {
      // Thrown on purpose: Lambda retries, then the message lands in the on-failure destination.
      logger.error('posting the alert to Slack failed, it will be retried', error as Error);
      throw error;
    }
  }
  return { results, rejected: rejected.length };
}

/** SNS alerts topic (and the retry queue) → the owning team's Slack channel, with Block Kit. */
export const handler = middy<unknown, NotifySlackResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(notifySlackHandler);
