export type { SweepReportBuilder, SweepReportMeta } from './build-sweep-report.ts';
export { compliancePercent, createSweepReportBuilder } from './build-sweep-report.ts';
export { CHART_SEGMENTS, complianceChart } from './compliance-chart.ts';
export { escapeHtml } from './escape-html.ts';
export { renderHtml } from './render-html.ts';
export { renderMarkdown } from './render-markdown.ts';
export type { ReportFormat } from './render-report.ts';
export { REPORT_FORMATS, renderReport } from './render-report.ts';
export { renderTable } from './render-table.ts';
export type { ReportExitCode } from './report-exit-code.ts';
export { reportExitCode } from './report-exit-code.ts';
export type { ControlRow, ExemptionRow, NoticeRow } from './report-sections.ts';
export { reportSections, reportTitle, verdict } from './report-sections.ts';
export type { ReportTable } from './report-tables.ts';
export { reportTables } from './report-tables.ts';
export { storageChart } from './storage-chart.ts';
export { storageTables } from './storage-tables.ts';
export type {
  ReportControl,
  ReportControlStatus,
  ReportExemption,
  ReportRepository,
  ReportStorage,
  ReportTarget,
  RepositoryCounts,
  RepositoryStatus,
  SweepReport,
} from './sweep-report-schema.ts';
export {
  REPORT_CONTROL_STATUSES,
  REPOSITORY_STATUSES,
  SweepReportSchema,
} from './sweep-report-schema.ts';
