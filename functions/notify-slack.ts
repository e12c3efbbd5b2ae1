import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createClientFactory } from '#lib/aws/client-factory.ts';
import { readSlackEnvironment } from '#lib/config/environment.ts';
import { createLogger } from '#lib/observability/logger.ts';
import { createNotifySlackDeps } from '#lib/slack/create-notify-slack-deps.ts';
import { type NotifySlackResult, notifySlack } from '#lib/slack/notify-slack.ts';
import { snsAlertRecords } from '#lib/slack/sns-alert-records.ts';

/** What an invocation returns: one outcome per SNS record. */
export interface NotifySlackResponse {
  results: (NotifySlackResult & { messageId: string })[];
  rejected: number;
}

// Built once per container; the webhook secret is read on first use and cached. The
// modules are imported one by one, not through the barrels, to keep the bundle small.
const logger = createLogger();
const { webhooksSecretArn } = readSlackEnvironment();
const deps = createNotifySlackDeps({ clients: createClientFactory(), webhooksSecretArn });

async function notifySlackHandler(raw: unknown): Promise<NotifySlackResponse> {
  const { alerts, rejected } = snsAlertRecords(raw);
  for (const record of rejected) {
    // Not an alert: retrying cannot fix it, so it is dropped (nothing is posted).
    logger.warn('SNS record dropped: not an ecr-guard alert', { ...record });
  }
  const results: NotifySlackResponse['results'] = [];
  for (const { messageId, alert } of alerts) {
    logger.appendKeys({
      account: alert.account.id,
      region: alert.region,
      repository: alert.repository.name,
      team: alert.team,
      fingerprint: alert.fingerprint,
    });
    try {
      const result = await notifySlack(alert, deps);
      if (result.outcome === 'delivered') {
        logger.info('alert posted to Slack', { ...result, messageId });
      } else {
        // Not retried: a revoked or wrong webhook stays so until the secret is fixed.
        logger.error(
          `Slack refused the alert of team ${result.team} (HTTP ${result.httpStatus}) on route ${result.route}: check that route's webhook in the secret`,
          { ...result, messageId },
        );
      }
      results.push({ ...result, messageId });
    } catch (error) {
      // Thrown on purpose: Lambda retries, then the message lands in the on-failure destination.
      logger.error('posting the alert to Slack failed, it will be retried', error as Error);
      throw error;
    }
  }
  return { results, rejected: rejected.length };
}

/** SNS alerts topic → the owning team's Slack channel, with Block Kit. */
export const handler = middy<unknown, NotifySlackResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(notifySlackHandler);
