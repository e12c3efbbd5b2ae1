/**
 * Severity names of both scanners, normalized to ecr-guard's {@link Severity} and ranked.
 *
 * Basic scanning reports `CRITICAL` … `INFORMATIONAL` and `UNDEFINED`; Inspector reports
 * `UNTRIAGED` instead of `UNDEFINED`, and its vulnerability sources add free-text vendor
 * severities (`important`, `moderate`, `negligible`, `not yet assigned`, …). A name nobody
 * mapped becomes `UNDEFINED`: ranked last, but kept, never dropped.
 *
 * @module
 */
import { SEVERITIES, type Severity } from '#lib/events/guard-event.ts';

/**
 * Severity texts as the scanners and the vulnerability sources Inspector relays write them,
 * upper-cased with runs of spaces, `_` and `-` turned into one space. A Map, so that texts like
 * `constructor` are not found on a prototype.
 */
const SEVERITY_BY_TEXT: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ...SEVERITIES.map((severity): [string, Severity] => [severity, severity]),
  ['UNTRIAGED', 'UNDEFINED'],
  // Vendor severities (Red Hat, Ubuntu, Debian, GitHub advisories, …).
  ['IMPORTANT', 'HIGH'],
  ['MODERATE', 'MEDIUM'],
  ['MINOR', 'LOW'],
  ['NEGLIGIBLE', 'INFORMATIONAL'],
  ['UNIMPORTANT', 'INFORMATIONAL'],
  ['INFO', 'INFORMATIONAL'],
  ['NONE', 'INFORMATIONAL'],
]);

const RANK: ReadonlyMap<Severity, number> = new Map(
  SEVERITIES.map((severity, index): [Severity, number] => [severity, index]),
);

/**
 * Maps one severity text to ecr-guard's severities.
 *
 * @param reported - the text as a scanner or vendor gives it; absent is allowed
 * @returns the severity; `UNDEFINED` for a text no mapping knows (never an error)
 *
 * @example
 * ```ts
 * normalizeSeverity('UNTRIAGED'); // 'UNDEFINED'
 * normalizeSeverity('Important'); // 'HIGH'
 * normalizeSeverity('not yet assigned'); // 'UNDEFINED'
 * ```
 */
export function normalizeSeverity(reported: string | null | undefined): Severity {
  if (reported === null || reported === undefined) return 'UNDEFINED';
  const key = reported
    .trim()
    .toUpperCase()
    .replace(/[\s_-]+/g, ' ');
  return SEVERITY_BY_TEXT.get(key) ?? 'UNDEFINED';
}

/**
 * The severity of a finding: the scanner's own when it is a known one, else the vendor's
 * (Inspector leaves `UNTRIAGED` what its source rated), else `UNDEFINED`.
 *
 * @param scannerSeverity - `severity` of the finding
 * @param vendorSeverity - `vendorSeverity` of an Inspector finding, when given
 * @returns the normalized severity
 *
 * @example
 * ```ts
 * findingSeverity('UNTRIAGED', 'important'); // 'HIGH'
 * findingSeverity('MEDIUM', 'critical'); // 'MEDIUM' (the scanner's own rating wins)
 * ```
 */
export function findingSeverity(
  scannerSeverity: string | null | undefined,
  vendorSeverity?: string | null,
): Severity {
  const own = normalizeSeverity(scannerSeverity);
  return own === 'UNDEFINED' ? normalizeSeverity(vendorSeverity) : own;
}

/**
 * The rank of a severity: 0 for `CRITICAL`, up to 5 for `UNDEFINED`.
 *
 * @example
 * ```ts
 * severityRank('CRITICAL'); // 0
 * ```
 */
export function severityRank(severity: Severity): number {
  return RANK.get(severity) ?? SEVERITIES.length;
}

/**
 * Orders severities highest first, for `Array.prototype.sort`.
 *
 * @example
 * ```ts
 * (['LOW', 'CRITICAL'] as Severity[]).sort(compareSeverity); // ['CRITICAL', 'LOW']
 * ```
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/**
 * Whether `severity` is at or above `threshold` (`HIGH` is at or above `MEDIUM`).
 *
 * @example
 * ```ts
 * isAtOrAbove('CRITICAL', 'HIGH'); // true
 * isAtOrAbove('UNDEFINED', 'LOW'); // false
 * ```
 */
export function isAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/**
 * The severities at or above a threshold, highest first.
 *
 * @example
 * ```ts
 * severitiesAtOrAbove('HIGH'); // ['CRITICAL', 'HIGH']
 * ```
 */
export function severitiesAtOrAbove(threshold: Severity): Severity[] {
  return SEVERITIES.filter((severity) => isAtOrAbove(severity, threshold));
}
