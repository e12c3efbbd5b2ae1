/**
 * `notify-slack`, wired: its environment, its dependencies (built once per container; the
 * webhook secret is read on first use and cached) and the one thing an invocation does.
 *
 * @module
 */
import { createClientFactory } from '#lib/aws/client-factory.ts';
import { readSlackEnvironment } from '#lib/config/environment.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { snsAlertRecords } from '#lib/slack/sns-alert-records.ts';
import { createNotifySlackDeps } from './create-notify-slack-deps.ts';
import { type NotifySlackResult, notifySlack } from './notify-slack.ts';

/** What an invocation returns: one outcome per SNS record. */
export interface NotifySlackResponse {
  results: (NotifySlackResult & { messageId: string })[];
  rejected: number;
}

export interface NotifySlackFunction {
  logger: Logger;
  /** Posts each alert of an SNS event to its team's channel. */
  handle(raw: unknown): Promise<NotifySlackResponse>;
}

/**
 * Builds the function from its environment, at cold start. The modules are imported one by
 * one, not through the barrels, to keep the bundle small.
 *
 * @example
 * ```ts
 * const { logger, handle } = createNotifySlackFunction();
 * ```
 */
export function createNotifySlackFunction(): NotifySlackFunction {
  const logger = createLogger();
  const { webhooksSecretArn } = readSlackEnvironment();
  const deps = createNotifySlackDeps({ clients: createClientFactory(), webhooksSecretArn });
  return {
    logger,
    async handle(raw) {
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
      }
      return { results, rejected: rejected.length };
    },
  };
}
