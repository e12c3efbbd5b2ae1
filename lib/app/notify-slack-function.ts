/**
 * `notify-slack`, wired: its environment, its dependencies (built once per container; the
 * webhook secret is read on first use and cached) and the one thing an invocation does.
 *
 * @module
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createClientFactory } from '#lib/aws/client-factory.ts';
import { readEnvironment, readSlackEnvironment } from '#lib/config/environment.ts';
import { createLogger, type Logger } from '#lib/observability/logger.ts';
import { alertDeliveries } from '#lib/slack/alert-deliveries.ts';
import { noticeDeliveries } from '#lib/slack/notice-deliveries.ts';
import { createNotifySlackDeps } from './create-notify-slack-deps.ts';
import { logNotifySlackResult } from './log-notify-slack-result.ts';
import { type NotifySlackResult, notifySlack } from './notify-slack.ts';
import { postNotice } from './post-notice.ts';
import { publishSlackDeliveryMetrics } from './slack-metrics.ts';
import { METRICS_NAMESPACE } from './sweep-metrics.ts';

/** What an invocation returns: one outcome per alert. */
export interface NotifySlackResponse {
  results: (NotifySlackResult & { messageId: string })[];
  rejected: number;
}

export interface NotifySlackFunction {
  logger: Logger;
  /**
   * Posts each alert of an SNS event (from the alerts topic) or of an SQS event (handed back
   * through the retry queue) to its team's channel.
   */
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
  const { region } = readEnvironment();
  const deps = createNotifySlackDeps({
    clients: createClientFactory(),
    region,
    ...readSlackEnvironment(),
  });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
  return {
    logger,
    async handle(raw) {
      // Dispatched by the `kind` message attribute: notices here, alerts (no kind) below.
      const notices = noticeDeliveries(raw);
      const { deliveries, rejected } = alertDeliveries(notices.rest);
      for (const record of notices.rejected) {
        logger.warn('SNS record dropped: not an ecr-guard notice', { ...record });
      }
      for (const record of rejected) {
        // Not an alert: retrying cannot fix it, so it is dropped (nothing is posted).
        logger.warn('SNS record dropped: not an ecr-guard alert', { ...record });
      }
      const results: NotifySlackResponse['results'] = [];
      for (const delivery of notices.notices) {
        const { notice, messageId } = delivery;
        logger.appendKeys({ team: notice.team, noticeId: notice.noticeId });
        const result = await postNotice(delivery, deps);
        logNotifySlackResult(logger, result, messageId);
        publishSlackDeliveryMetrics(metrics, result);
        results.push({ ...result, messageId });
      }
      for (const delivery of deliveries) {
        const { alert, messageId } = delivery;
        logger.appendKeys({
          kind: alert.kind,
          ...('account' in alert
            ? { account: alert.account.id, region: alert.region, repository: alert.repository.name }
            : {}),
          team: alert.team,
          fingerprint: alert.fingerprint,
        });
        const result = await notifySlack(delivery, deps);
        logNotifySlackResult(logger, result, messageId);
        publishSlackDeliveryMetrics(metrics, result);
        results.push({ ...result, messageId });
      }
      return { results, rejected: rejected.length + notices.rejected.length };
    },
  };
}
