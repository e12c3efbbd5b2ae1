import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SweepRunSummary } from './run-sweep-messages.ts';

/** CloudWatch namespace of ecr-guard's metrics. */
export const METRICS_NAMESPACE = 'ecr-guard';

/**
 * Publishes the metrics of one swept (account, region) as one EMF record (Powertools
 * Metrics: about 10 KB minified on top of the logger, measured): repositories seen, remediated,
 * exempt, non-compliant, failed and deferred (throttled, left to the continuation), whether the target failed, and how long it took. Under
 * the `service` and `mode` dimensions only; run, account and region are metadata (searchable,
 * not dimensions: they would multiply the metrics by the accounts).
 *
 * @example
 * ```ts
 * const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'ecr-guard' });
 * publishSweepMetrics(metrics, summary);
 * ```
 */
export function publishSweepMetrics(metrics: Metrics, summary: SweepRunSummary): void {
  metrics.addDimensions({ mode: summary.mode });
  metrics.addMetadata('runId', summary.runId);
  metrics.addMetadata('account', summary.account);
  metrics.addMetadata('region', summary.region);
  metrics.addMetadata('outcome', summary.outcome);
  metrics.addMetadata('part', String(summary.part));
  metrics.addMetadata('continued', String(summary.continued));
  metrics.addMetric('RepositoriesSeen', MetricUnit.Count, summary.repositories);
  metrics.addMetric('RepositoriesRemediated', MetricUnit.Count, summary.remediated);
  metrics.addMetric('RepositoriesExempt', MetricUnit.Count, summary.exempt);
  metrics.addMetric('RepositoriesNonCompliant', MetricUnit.Count, summary.nonCompliant);
  metrics.addMetric('RepositoriesFailed', MetricUnit.Count, summary.failed);
  metrics.addMetric('RepositoriesDeferred', MetricUnit.Count, summary.deferred);
  metrics.addMetric('TargetsFailed', MetricUnit.Count, summary.outcome === 'failed' ? 1 : 0);
  metrics.addMetric('SweepDuration', MetricUnit.Milliseconds, summary.durationMs);
  metrics.publishStoredMetrics();
}
