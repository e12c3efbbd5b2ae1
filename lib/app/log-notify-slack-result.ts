/**
 * One log line per alert notify-slack handled, at a level on-call can filter on.
 *
 * @module
 */
import type { Logger } from '#lib/observability/logger.ts';
import type { NotifySlackResult } from './notify-slack.ts';

/**
 * Logs what became of an alert: `info` when posted (or posted before), `warn` when it may not
 * have arrived or waits for a rate limit, `error` when Slack refused it for good — naming the
 * team and the route, never the webhook.
 *
 * @example
 * ```ts
 * logNotifySlackResult(logger, await notifySlack(delivery, deps), delivery.messageId);
 * ```
 */
export function logNotifySlackResult(
  logger: Logger,
  result: NotifySlackResult,
  messageId: string,
): void {
  const fields = { ...result, messageId };
  switch (result.outcome) {
    case 'delivered':
      if (result.warning !== undefined) logger.warn(result.warning, fields);
      logger.info('alert posted to Slack', fields);
      return;
    case 'duplicate':
      logger.info('alert already posted to Slack, not posted again', fields);
      return;
    case 'unconfirmed':
      logger.warn(
        `Slack took the alert of team ${result.team} on route ${result.route} without answering: it may not have reached Slack, and is not posted again (it may have)`,
        fields,
      );
      return;
    case 'deferred':
      logger.warn(
        `Slack rate-limits route ${result.route} for ${Math.ceil(result.retryAfterMs / 1000)} s: the alert is handed back to be posted then`,
        fields,
      );
      return;
    case 'rejected':
      // Not retried: a revoked or wrong webhook stays so until the secret is fixed.
      logger.error(
        `Slack refused the alert of team ${result.team} (HTTP ${result.httpStatus}) on route ${result.route}: check that route's webhook in the secret${result.parked ? '; the alert waits in the on-failure queue' : ''}`,
        fields,
      );
      return;
  }
}
