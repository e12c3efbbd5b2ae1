import { renderCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderOcsf } from './render-ocsf.ts';
import { renderTable } from './render-table.ts';
import type { SweepReport } from './sweep-report-schema.ts';

/** The formats a sweep report is rendered in. */
export const REPORT_FORMATS = ['table', 'json', 'markdown', 'html', 'csv', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Renders the report in `format`: JSON is the {@link SweepReportSchema} document, CSV one
 * row per repository and control (RFC 4180), OCSF one Compliance Finding event a line.
 *
 * @example
 * ```ts
 * io.stdout(renderReport(report, 'markdown'));
 * ```
 */
export function renderReport(report: SweepReport, format: ReportFormat): string {
  switch (format) {
    case 'table':
      return renderTable(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'csv':
      return renderCsv(report);
    case 'ocsf':
      return renderOcsf(report);
  }
}
