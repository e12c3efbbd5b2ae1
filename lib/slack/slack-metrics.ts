/**
 * The metrics of a Slack post that did not simply go through, as an EMF record, per route:
 * `SlackRouteRefused` (the route's webhook or channel is dead; the alarm on it names the
 * route), `SlackPostsUnconfirmed` (sent, never answered) and `SlackPostsDeferred` (handed
 * back for a long rate limit).
 *
 * @module
 */
import { emfRecord, METRICS_NAMESPACE } from '#lib/observability/emf.ts';
import type { NotifySlackResult } from './notify-slack.ts';

/** The metric the alarm on dead Slack routes watches, per `Route` (deploy/central/alarms.yml). */
export const SLACK_ROUTE_REFUSED_METRIC = 'SlackRouteRefused';

const METRIC_BY_OUTCOME: Partial<Record<NotifySlackResult['outcome'], string>> = {
  rejected: SLACK_ROUTE_REFUSED_METRIC,
  unconfirmed: 'SlackPostsUnconfirmed',
  deferred: 'SlackPostsDeferred',
};

/**
 * The EMF record of a result, or `undefined` for a delivered (or duplicate) alert. Published
 * under the `service` and `Route` dimensions: routes are teams, few and not secret.
 *
 * @example
 * ```ts
 * const record = slackDeliveryMetrics(result, new Date());
 * if (record !== undefined) process.stdout.write(`${JSON.stringify(record)}\n`);
 * ```
 */
export function slackDeliveryMetrics(
  result: NotifySlackResult,
  timestamp: Date,
): Record<string, unknown> | undefined {
  const metric = METRIC_BY_OUTCOME[result.outcome];
  if (metric === undefined) return undefined;
  return emfRecord({
    namespace: METRICS_NAMESPACE,
    dimensions: { service: 'ecr-guard', Route: result.route },
    metrics: { [metric]: { value: 1, unit: 'Count' } },
    properties: { team: result.team, outcome: result.outcome },
    timestamp,
  });
}
