import { escapeHtml } from './escape-html.ts';
import { complianceCell } from './report-tables.ts';
import type { SweepReport } from './sweep-report-schema.ts';

/** The segments of a bar, in drawing order, with their colour. */
export const CHART_SEGMENTS = [
  { key: 'compliant', label: 'compliant', color: '#2e7d32' },
  { key: 'remediated', label: 'remediated', color: '#66bb6a' },
  { key: 'exempt', label: 'exempt', color: '#90a4ae' },
  { key: 'planned', label: 'planned', color: '#ffb300' },
  { key: 'nonCompliant', label: 'non-compliant', color: '#c62828' },
  { key: 'failed', label: 'not checked', color: '#6a1b9a' },
] as const;

const LABEL_WIDTH = 130;
const BAR_WIDTH = 520;
const ROW_HEIGHT = 26;
const LEGEND_HEIGHT = 28;

/**
 * An inline SVG chart: one horizontal bar per account, split by repository status. No
 * script, no external asset; every text escaped.
 *
 * @example
 * ```ts
 * const svg = complianceChart(report); // '<svg xmlns="http://www.w3.org/2000/svg" …>'
 * ```
 */
export function complianceChart(report: SweepReport): string {
  const rows = report.byAccount;
  const height = LEGEND_HEIGHT + Math.max(1, rows.length) * ROW_HEIGHT + 8;
  // Room for the longest label, 'not checked in 10 of 12 regions'.
  const width = LABEL_WIDTH + BAR_WIDTH + 230;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    '<title>Repositories per account, by compliance status</title>',
  ];
  let x = 0;
  for (const segment of CHART_SEGMENTS) {
    parts.push(
      `<rect x="${x}" y="6" width="12" height="12" fill="${segment.color}"/>`,
      `<text x="${x + 16}" y="16">${escapeHtml(segment.label)}</text>`,
    );
    x += 16 + segment.label.length * 7 + 14;
  }
  rows.forEach((row, index) => {
    const y = LEGEND_HEIGHT + index * ROW_HEIGHT;
    const total = Math.max(1, row.repositories);
    parts.push(
      `<text x="0" y="${y + 15}">${escapeHtml(row.account)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${BAR_WIDTH}" height="18" fill="#eceff1"/>`,
    );
    let offset = LABEL_WIDTH;
    for (const segment of CHART_SEGMENTS) {
      const value = row[segment.key];
      if (value === 0) continue;
      const w = (value / total) * BAR_WIDTH;
      parts.push(
        `<rect x="${offset.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="18" fill="${segment.color}"><title>${escapeHtml(`${row.account}: ${value} ${segment.label}`)}</title></rect>`,
      );
      offset += w;
    }
    parts.push(
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 15}">${escapeHtml(complianceCell(row))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
