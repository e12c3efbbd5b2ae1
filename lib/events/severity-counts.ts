/**
 * Severity counts as ECR and Inspector report them, mapped to ecr-guard's severities.
 *
 * @module
 */
import { SEVERITIES, type Severity, type SeverityCounts } from './guard-event.ts';

/**
 * Every severity name ECR (basic: `CRITICAL` … `INFORMATIONAL`, `UNDEFINED`) and Inspector
 * (`UNTRIAGED` instead of `UNDEFINED`) use, and `TOTAL`, Inspector's sum, which is no severity
 * (`null`: not counted). A Map, not an object, so that keys like `constructor` are not found.
 */
const SEVERITY_BY_NAME: ReadonlyMap<string, Severity | null> = new Map<string, Severity | null>([
  ...SEVERITIES.map((severity): [string, Severity] => [severity, severity]),
  ['UNTRIAGED', 'UNDEFINED'],
  ['TOTAL', null],
]);

/**
 * Maps reported counts to ecr-guard's severities. A severity absent from the report counts 0;
 * a name ecr-guard does not know counts as `UNDEFINED`, so that no finding is dropped silently.
 *
 * @param reported - `finding-severity-counts` as given (absent when there is none)
 * @returns a count for each of ecr-guard's severities
 *
 * @example
 * ```ts
 * toSeverityCounts({ CRITICAL: 7, HIGH: 61, UNTRIAGED: 2, TOTAL: 70 });
 * // { CRITICAL: 7, HIGH: 61, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0, UNDEFINED: 2 }
 * ```
 */
export function toSeverityCounts(
  reported: Readonly<Record<string, number>> | null | undefined,
): SeverityCounts {
  const counts: SeverityCounts = {
    CRITICAL: 0,
    HIGH: 0,
    MEDIUM: 0,
    LOW: 0,
    INFORMATIONAL: 0,
    UNDEFINED: 0,
  };
  for (const [name, count] of Object.entries(reported ?? {})) {
    const key = name.toUpperCase();
    const severity = SEVERITY_BY_NAME.has(key) ? SEVERITY_BY_NAME.get(key) : 'UNDEFINED';
    if (severity) {
      counts[severity] += count;
    }
  }
  return counts;
}
