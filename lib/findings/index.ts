export { FindingsError, InvalidFindingsResponseError } from './errors.ts';
export {
  type CompleteScan,
  type Finding,
  findingKey,
  type IncompleteScan,
  type MissingImage,
  type Scanner,
  type ScanResult,
} from './finding.ts';
export { findingsOfFindingEvent } from './findings-of-finding-event.ts';
export { type BasicFindingInput, fromBasicFinding } from './from-basic-finding.ts';
export {
  fromInspectorFinding,
  type InspectorFindingInput,
  pushedAtOf,
  type VulnerablePackageInput,
} from './from-inspector-finding.ts';
export { compareFindings, rankFindings } from './rank-findings.ts';
export {
  MAX_SCAN_FINDINGS_PAGES,
  READABLE_SCAN_STATUSES,
  readBasicScanFindings,
  SCAN_FINDINGS_PAGE_SIZE,
} from './read-basic-scan-findings.ts';
export {
  INSPECTOR_FINDINGS_PAGE_SIZE,
  inspectorFilterFor,
  MAX_INSPECTOR_FINDINGS_PAGES,
  readInspectorFindings,
} from './read-inspector-findings.ts';
export { scanResultFromSavedResponse } from './saved-findings-response.ts';
export {
  isScanCompletedEvent,
  type ScanCompletedEvent,
  type ScannedImage,
  scannedImageOf,
} from './scanned-image.ts';
export {
  compareSeverity,
  findingSeverity,
  isAtOrAbove,
  normalizeSeverity,
  severitiesAtOrAbove,
  severityRank,
} from './severity.ts';
export {
  INSPECTOR_EVENT_COUNTED_SEVERITIES,
  skipReasonFromEventCounts,
} from './skip-reason-from-event-counts.ts';
export { toIsoTimestamp } from './timestamp.ts';
export { advisoryLink, isWebLink } from './vulnerability-link.ts';
