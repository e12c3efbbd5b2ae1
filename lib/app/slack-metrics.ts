import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { NotifySlackResult } from './notify-slack.ts';

/** The metric the alarm on dead Slack routes watches, per `Route` (deploy/central/alarms.yml). */
export const SLACK_ROUTE_REFUSED_METRIC = 'SlackRouteRefused';

const METRIC_BY_OUTCOME: Partial<Record<NotifySlackResult['outcome'], string>> = {
  rejected: SLACK_ROUTE_REFUSED_METRIC,
  unconfirmed: 'SlackPostsUnconfirmed',
  deferred: 'SlackPostsDeferred',
};

/**
 * Publishes the metric of a Slack post that did not simply go through, as one EMF record
 * (Powertools Metrics), per route: `SlackRouteRefused` (the route's webhook or channel is
 * dead; the alarm on it names the route), `SlackPostsUnconfirmed` (sent, never answered) and
 * `SlackPostsDeferred` (handed back for a long rate limit). Under the `service` and `Route`
 * dimensions: routes are teams, few and not secret. A delivered (or duplicate) alert
 * publishes nothing.
 *
 * @returns whether a record was published
 *
 * @example
 * ```ts
 * const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
 * publishSlackDeliveryMetrics(metrics, await notifySlack(delivery, deps));
 * ```
 */
export function publishSlackDeliveryMetrics(metrics: Metrics, result: NotifySlackResult): boolean {
  const metric = METRIC_BY_OUTCOME[result.outcome];
  if (metric === undefined) return false;
  metrics.addDimensions({ Route: result.route });
  metrics.addMetadata('team', result.team);
  metrics.addMetadata('outcome', result.outcome);
  metrics.addMetric(metric, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return true;
}
