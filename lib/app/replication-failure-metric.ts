import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ReplicationFailedEvent } from '#lib/events/index.ts';

/**
 * Counts one failed replication (`ECR Replication Action` `FAILED`) as the EMF metric
 * `ReplicationFailures` of the `ecr-guard` namespace, under the service dimension only; the
 * account, region, repository and source are metadata (searchable, not dimensions).
 *
 * @example
 * ```ts
 * const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
 * publishReplicationFailure(metrics, event);
 * ```
 */
export function publishReplicationFailure(metrics: Metrics, event: ReplicationFailedEvent): void {
  metrics.addMetadata('account', event.account);
  metrics.addMetadata('region', event.region);
  metrics.addMetadata('repository', event.repositoryName);
  metrics.addMetadata('source', `${event.sourceAccount}/${event.sourceRegion}`);
  metrics.addMetric('ReplicationFailures', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
