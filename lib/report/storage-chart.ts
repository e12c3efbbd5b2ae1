import { formatBytes } from '#lib/text/index.ts';
import { escapeHtml } from './escape-html.ts';
import type { SweepReport } from './sweep-report-schema.ts';

const LABEL_WIDTH = 130;
const BAR_WIDTH = 520;
const ROW_HEIGHT = 26;

/**
 * An inline SVG chart of what each account stores, the part the standard lifecycle policy
 * would free in green; bars to scale with the largest account. Empty when the audit did not
 * read the images. No script, every text escaped.
 *
 * @example
 * ```ts
 * const svg = storageChart(report); // '' unless lifecycle.auditImages
 * ```
 */
export function storageChart(report: SweepReport): string {
  const rows = report.storage?.byAccount ?? [];
  if (rows.length === 0) return '';
  const largest = Math.max(1, ...rows.map((r) => r.bytes));
  const height = 28 + rows.length * ROW_HEIGHT + 8;
  const width = LABEL_WIDTH + BAR_WIDTH + 220;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    '<title>Storage per account, and what the standard lifecycle policy would free</title>',
    '<rect x="0" y="6" width="12" height="12" fill="#90a4ae"/><text x="16" y="16">stored</text>',
    '<rect x="70" y="6" width="12" height="12" fill="#2e7d32"/><text x="86" y="16">freed by the standard</text>',
  ];
  rows.forEach((row, index) => {
    const y = 28 + index * ROW_HEIGHT;
    const stored = (row.bytes / largest) * BAR_WIDTH;
    const freed = (row.freedByStandardBytes / largest) * BAR_WIDTH;
    const label = `${formatBytes(row.freedByStandardBytes)} of ${formatBytes(row.bytes)}`;
    parts.push(
      `<text x="0" y="${y + 15}">${escapeHtml(row.account)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${stored.toFixed(1)}" height="18" fill="#90a4ae"><title>${escapeHtml(`${row.account}: ${formatBytes(row.bytes)} stored`)}</title></rect>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${freed.toFixed(1)}" height="18" fill="#2e7d32"><title>${escapeHtml(`${row.account}: ${label} freed by the standard`)}</title></rect>`,
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 15}">${escapeHtml(label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
