import { emfRecord } from '#lib/observability/emf.ts';
import type { SweepRunSummary } from './run-sweep-messages.ts';

/** CloudWatch namespace of ecr-guard's metrics. */
export const METRICS_NAMESPACE = 'ecr-guard';

/**
 * The metrics of one swept (account, region), as an EMF record: repositories seen,
 * remediated, exempt, non-compliant and failed, and whether the target failed. Published
 * under the `service` and `mode` dimensions only; run, account and region are properties
 * (searchable, not metric dimensions: they would multiply the metrics by the accounts).
 *
 * @example
 * ```ts
 * process.stdout.write(`${JSON.stringify(sweepMetrics(summary, new Date()))}\n`);
 * ```
 */
export function sweepMetrics(summary: SweepRunSummary, timestamp: Date): Record<string, unknown> {
  const count = (value: number): { value: number; unit: 'Count' } => ({ value, unit: 'Count' });
  return emfRecord({
    namespace: METRICS_NAMESPACE,
    dimensions: { service: 'ecr-guard', mode: summary.mode },
    metrics: {
      RepositoriesSeen: count(summary.repositories),
      RepositoriesRemediated: count(summary.remediated),
      RepositoriesExempt: count(summary.exempt),
      RepositoriesNonCompliant: count(summary.nonCompliant),
      RepositoriesFailed: count(summary.failed),
      TargetsFailed: count(summary.outcome === 'failed' ? 1 : 0),
      SweepDuration: { value: summary.durationMs, unit: 'Milliseconds' },
    },
    properties: {
      runId: summary.runId,
      account: summary.account,
      region: summary.region,
      outcome: summary.outcome,
      part: summary.part,
      continued: summary.continued,
      deferred: summary.deferred,
    },
    timestamp,
  });
}
