/**
 * The order findings are shown and truncated in: the most dangerous first.
 *
 * @module
 */
import type { Finding } from './finding.ts';
import { compareSeverity } from './severity.ts';

/**
 * Orders two findings: an exploit available first, then a fix available (what on-call can act
 * on), then higher severity, then higher score (a finding without a score after those with
 * one), then by id and package so that the order is total and stable. ("In use" ranks images,
 * not findings: see the continuous alerts.)
 *
 * @example
 * ```ts
 * findings.sort(compareFindings);
 * ```
 */
export function compareFindings(a: Finding, b: Finding): number {
  const byExploit = Number(b.exploitAvailable === true) - Number(a.exploitAvailable === true);
  if (byExploit !== 0) return byExploit;
  const byFix = Number(hasFix(b)) - Number(hasFix(a));
  if (byFix !== 0) return byFix;
  const bySeverity = compareSeverity(a.severity, b.severity);
  if (bySeverity !== 0) return bySeverity;
  const byScore = (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY);
  if (byScore !== 0 && !Number.isNaN(byScore)) return byScore;
  return (
    compareText(a.id, b.id) ||
    compareText(a.packageName ?? '', b.packageName ?? '') ||
    compareText(a.installedVersion ?? '', b.installedVersion ?? '')
  );
}

/**
 * Returns the findings ranked by {@link compareFindings}, without changing the input.
 *
 * @param findings - findings in any order
 * @returns a new, ranked array
 *
 * @example
 * ```ts
 * rankFindings([
 *   { id: 'CVE-1', severity: 'HIGH', score: 7.5 },
 *   { id: 'CVE-2', severity: 'CRITICAL' },
 *   { id: 'CVE-3', severity: 'HIGH', score: 8.8 },
 * ]).map((f) => f.id); // ['CVE-2', 'CVE-3', 'CVE-1']
 * ```
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Inspector's `fixAvailable` when it says, else whether a fixed-in version is known. */
function hasFix(finding: Finding): boolean {
  return finding.fixAvailable ?? finding.fixedInVersion !== undefined;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
