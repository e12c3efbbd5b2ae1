/**
 * The set of (finding, severity) an image is alerted for: what deduplication compares.
 *
 * @module
 */
import type { Severity } from '#lib/events/index.ts';
import { compareSeverity, type Finding, findingKey, isAtOrAbove } from '#lib/findings/index.ts';

/** Finding key (see `findingKey`) → the severity it is alerted at. */
export type AlertedSet = ReadonlyMap<string, Severity>;

/**
 * The findings at or above the threshold, one entry per finding key at its highest severity.
 *
 * @param findings - every finding of the image
 * @param minSeverity - `alerts.minSeverity`
 * @returns the alerted set
 *
 * @example
 * ```ts
 * alertedSetOf([{ id: 'CVE-1', severity: 'HIGH' }, { id: 'CVE-2', severity: 'LOW' }], 'HIGH');
 * // Map { 'CVE-1' => 'HIGH' }
 * ```
 */
export function alertedSetOf(findings: readonly Finding[], minSeverity: Severity): AlertedSet {
  const set = new Map<string, Severity>();
  for (const finding of findings) {
    if (!isAtOrAbove(finding.severity, minSeverity)) continue;
    const key = findingKey(finding);
    const known = set.get(key);
    if (known === undefined || compareSeverity(finding.severity, known) < 0) {
      set.set(key, finding.severity);
    }
  }
  return set;
}

/**
 * What `current` alerts for that `previous` did not: a finding not alerted before, or one
 * whose severity went up. A finding that went away, or down, is nothing new.
 *
 * @param previous - the set already alerted
 * @param current - the set of the latest scan
 * @returns the new keys, sorted
 *
 * @example
 * ```ts
 * newlyAlerted(new Map([['CVE-1', 'HIGH']]), new Map([['CVE-1', 'CRITICAL'], ['CVE-2', 'HIGH']]));
 * // ['CVE-1', 'CVE-2']
 * ```
 */
export function newlyAlerted(previous: AlertedSet, current: AlertedSet): string[] {
  const fresh: string[] = [];
  for (const [key, severity] of current) {
    const before = previous.get(key);
    if (before === undefined || compareSeverity(severity, before) < 0) fresh.push(key);
  }
  return fresh.sort();
}

/**
 * Everything alerted so far: the union, each key at the highest severity it was alerted at.
 * Keeping what went away means a finding that comes back is not alerted twice.
 *
 * @example
 * ```ts
 * mergeAlertedSets(new Map([['CVE-1', 'CRITICAL']]), new Map([['CVE-1', 'HIGH'], ['CVE-2', 'HIGH']]));
 * // Map { 'CVE-1' => 'CRITICAL', 'CVE-2' => 'HIGH' }
 * ```
 */
export function mergeAlertedSets(previous: AlertedSet, current: AlertedSet): AlertedSet {
  const merged = new Map(previous);
  for (const [key, severity] of current) {
    const before = merged.get(key);
    if (before === undefined || compareSeverity(severity, before) < 0) merged.set(key, severity);
  }
  return merged;
}
