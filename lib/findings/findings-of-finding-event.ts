/**
 * The findings an `Inspector2 Finding` event carries, as ecr-guard ranks and alerts them.
 *
 * @module
 */
import type { FindingChangedEvent } from '#lib/events/index.ts';
import type { Finding } from './finding.ts';
import { fromInspectorFinding } from './from-inspector-finding.ts';

/**
 * One {@link Finding} per vulnerable package of the event's finding (one without a package
 * when Inspector names none), with Inspector's exploit, fix and EPSS fields.
 *
 * @example
 * ```ts
 * findingsOfFindingEvent(event).map((f) => f.packageName); // ['libssl3t64', 'openssl']
 * ```
 */
export function findingsOfFindingEvent(event: FindingChangedEvent): Finding[] {
  const findings = fromInspectorFinding({
    findingArn: event.findingArn,
    severity: event.reportedSeverity,
    ...(event.title === undefined ? {} : { title: event.title }),
    ...(event.inspectorScore === undefined ? {} : { inspectorScore: event.inspectorScore }),
    ...(event.packageVulnerability === undefined
      ? {}
      : { packageVulnerabilityDetails: event.packageVulnerability }),
  });
  return findings.map((finding) => {
    const out: Finding = { ...finding };
    if (event.exploitAvailable !== undefined) {
      out.exploitAvailable = event.exploitAvailable !== 'NO';
    }
    if (event.fixAvailable !== undefined) out.fixAvailable = event.fixAvailable !== 'NO';
    if (event.epssScore !== undefined) out.epssScore = event.epssScore;
    return out;
  });
}
