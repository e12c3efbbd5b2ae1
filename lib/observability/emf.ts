/**
 * CloudWatch Embedded Metric Format: a JSON log line that CloudWatch Logs turns into
 * metrics, with no API call and no extra dependency (Powertools Metrics is not one of
 * ecr-guard's packages; this is the part of it ecr-guard needs).
 */

/** The CloudWatch namespace of every ecr-guard metric. */
export const METRICS_NAMESPACE = 'ecr-guard';

/** A metric value and its CloudWatch unit. */
export interface EmfMetric {
  value: number;
  unit: 'Count' | 'Milliseconds' | 'None';
}

export interface EmfRecordInput {
  namespace: string;
  /** Dimension name → value: every metric is published with all of them. */
  dimensions: Readonly<Record<string, string>>;
  metrics: Readonly<Record<string, EmfMetric>>;
  /** Searchable in Logs Insights, not metrics (high-cardinality ids belong here). */
  properties?: Readonly<Record<string, string | number | boolean>>;
  timestamp: Date;
}

/**
 * The EMF document for one set of metrics; print it as one line (`JSON.stringify`).
 *
 * @example
 * ```ts
 * const record = emfRecord({
 *   namespace: 'ecr-guard',
 *   dimensions: { service: 'ecr-guard' },
 *   metrics: { RepositoriesSeen: { value: 12, unit: 'Count' } },
 *   timestamp: new Date(),
 * });
 * process.stdout.write(`${JSON.stringify(record)}\n`);
 * ```
 */
export function emfRecord(input: EmfRecordInput): Record<string, unknown> {
  const values: Record<string, number> = {};
  for (const [name, metric] of Object.entries(input.metrics)) values[name] = metric.value;
  return {
    _aws: {
      Timestamp: input.timestamp.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: input.namespace,
          Dimensions: [Object.keys(input.dimensions)],
          Metrics: Object.entries(input.metrics).map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    ...input.properties,
    ...input.dimensions,
    ...values,
  };
}
