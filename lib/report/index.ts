export type { SweepReportBuilder, SweepReportMeta } from './build-sweep-report.ts';
export {
  compliancePercent,
  createSweepReportBuilder,
  DEFAULT_SCOPE,
} from './build-sweep-report.ts';
export { CHART_SEGMENTS, complianceChart } from './compliance-chart.ts';
export { describeFix } from './describe-fix.ts';
export { escapeHtml } from './escape-html.ts';
export type { EvidenceRow } from './evidence-rows.ts';
export { evidenceRows } from './evidence-rows.ts';
export type { FsbpControl } from './frameworks.ts';
export {
  AWS_CONFIG,
  FSBP,
  FSBP_ECR_CONTROLS,
  failedSeverity,
  frameworkNote,
  frameworksOf,
} from './frameworks.ts';
export { unifiedDiff } from './line-diff.ts';
export { renderCsv } from './render-csv.ts';
export { renderHtml } from './render-html.ts';
export { renderMarkdown } from './render-markdown.ts';
export { OCSF_COMPLIANCE_FINDING, OCSF_VERSION, renderOcsf, resultUid } from './render-ocsf.ts';
export type { ReportFormat } from './render-report.ts';
export { REPORT_FORMATS, renderReport } from './render-report.ts';
export { renderTable } from './render-table.ts';
export type { ReportExitCode } from './report-exit-code.ts';
export { reportExitCode } from './report-exit-code.ts';
export type { ControlRow, ExemptionRow, NoticeRow } from './report-sections.ts';
export { reportSections, reportTitle, verdict } from './report-sections.ts';
export type { ReportTable } from './report-tables.ts';
export { complianceCell, reportTables, storageTables } from './report-tables.ts';
export type { StandardIdentity } from './standard-identity.ts';
export { standardIdentity } from './standard-identity.ts';
export { storageChart } from './storage-chart.ts';
export type {
  FrameworkReference,
  RegistryResult,
  ReportControl,
  ReportControlStatus,
  ReportExemption,
  ReportFix,
  ReportRepository,
  ReportStorage,
  ReportTarget,
  RepositoryCounts,
  RepositoryStatus,
  RunHeader,
  SweepReport,
} from './sweep-report-schema.ts';
export {
  REPORT_CONTROL_STATUSES,
  REPOSITORY_STATUSES,
  ReportStorageSchema,
  SweepReportSchema,
} from './sweep-report-schema.ts';
export { TOOL_VERSION } from './tool-version.ts';
