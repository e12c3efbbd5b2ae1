/**
 * Whether a scan event's own severity counts prove there is nothing to alert about, so that
 * no AWS call is spent on it.
 *
 * @module
 */
import type {
  BasicScanCompletedEvent,
  EnhancedScanCompletedEvent,
  Severity,
} from '#lib/events/index.ts';
import { severitiesAtOrAbove } from './severity.ts';

/**
 * The severities an `Inspector2 Scan` event counts. Inspector also sends `TOTAL`, which the
 * normalizer drops; `LOW`, `INFORMATIONAL` and `UNTRIAGED` findings are in no count at all.
 */
export const INSPECTOR_EVENT_COUNTED_SEVERITIES: readonly Severity[] = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
];

/**
 * Tells when a scan event can be settled from its counts alone.
 *
 * - Basic scanning (`ECR Image Scan`) counts every severity: zero at and above the threshold
 *   means nothing to alert about.
 * - Enhanced scanning (`Inspector2 Scan`) counts only `CRITICAL`, `HIGH` and `MEDIUM`. With a
 *   threshold of `LOW` or below, findings of the uncounted severities may exist, so the
 *   counts settle nothing and the findings must be read.
 *
 * @param event - the normalized scan event
 * @param minSeverity - `alerts.minSeverity` of the standard
 * @returns why nothing needs reading, or `undefined` when the findings must be read
 *
 * @example
 * ```ts
 * skipReasonFromEventCounts(basicScanWithOnlyMediums, 'HIGH');
 * // 'the scan counts no finding at or above HIGH'
 * skipReasonFromEventCounts(inspectorScanWithZeroCounts, 'LOW'); // undefined: read them
 * ```
 */
export function skipReasonFromEventCounts(
  event: BasicScanCompletedEvent | EnhancedScanCompletedEvent,
  minSeverity: Severity,
): string | undefined {
  const alerting = severitiesAtOrAbove(minSeverity);
  const counted =
    event.kind === 'enhanced-scan-completed'
      ? alerting.filter((severity) => INSPECTOR_EVENT_COUNTED_SEVERITIES.includes(severity))
      : alerting;
  if (counted.some((severity) => event.severityCounts[severity] > 0)) return undefined;
  if (counted.length < alerting.length) return undefined;
  return `the scan counts no finding at or above ${minSeverity}`;
}
