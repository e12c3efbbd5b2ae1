import { complianceChart } from './compliance-chart.ts';
import { escapeHtml } from './escape-html.ts';
import { reportExitCode } from './report-exit-code.ts';
import { reportTitle, verdict } from './report-sections.ts';
import { reportTables } from './report-tables.ts';
import { storageChart } from './storage-chart.ts';
import type { SweepReport } from './sweep-report-schema.ts';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#212121;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e0e0e0;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #e0e0e0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #e0e0e0;border-radius:6px;padding:.75rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.6rem}.verdict{font-weight:600;padding:.5rem .75rem;border-radius:4px}
.exit-0{background:#e8f5e9}.exit-1{background:#fff8e1}.exit-2{background:#f3e5f5}
.bar{display:inline-block;height:.6rem;background:#2e7d32;vertical-align:middle;margin-right:.4rem}
code{font-size:.85em}
`;

function td(text: string, numeric = false): string {
  return `<td${numeric ? ' class="n"' : ''}>${escapeHtml(text)}</td>`;
}

function table(header: readonly string[], rows: readonly string[][], numericFrom = 99): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((c, i) => td(c, i >= numericFrom)).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * The report as one self-contained HTML page a person can open: summary cards, compliance
 * per account (with a chart) and per control, then the violations, fixes, exemptions with
 * their reasons and expiries, and what could not be checked. Inline CSS and SVG only, no
 * script, no external asset; every value is escaped.
 *
 * @example
 * ```ts
 * await writeFile('audit.html', renderHtml(report));
 * ```
 */
export function renderHtml(report: SweepReport): string {
  const { byAccount, byControl, details } = reportTables(report);
  const { summary } = report;
  const card = (label: string, value: number): string =>
    `<div class="card"><b>${value}</b>${escapeHtml(label)}</div>`;
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(reportTitle(report))}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(reportTitle(report))}</h1>`,
    `<p>Generated ${escapeHtml(report.generatedAt)} in ${escapeHtml((report.durationMs / 1000).toFixed(1))} s, regions ${escapeHtml(report.regions.join(', '))}.</p>`,
    `<p class="verdict exit-${reportExitCode(report)}">${escapeHtml(verdict(report))}</p>`,
    '<div class="cards">',
    card('repositories', summary.repositories),
    card('compliant', summary.compliant),
    card('exempt', summary.exempt),
    card('non-compliant', summary.nonCompliant),
    card(
      report.dryRun ? 'planned' : 'remediated',
      report.dryRun ? summary.planned : summary.remediated,
    ),
    card('not checked', summary.failed + summary.targetsFailed),
    '</div>',
    `<h2>${escapeHtml(byAccount.title)}</h2>`,
    complianceChart(report),
  ];
  for (const [i, t] of [byAccount, byControl, ...details].entries()) {
    if (t.rows.length === 0 && t.whenEmpty === undefined) continue;
    // The account table sits under its chart, whose heading is already out.
    if (i > 0) parts.push(`<h2>${escapeHtml(t.title)}</h2>`);
    // What the standard would free, drawn above the storage tables.
    if (t.title === 'Storage per account') parts.push(storageChart(report));
    parts.push(
      t.rows.length > 0
        ? table(t.header, t.rows, t.numericFrom)
        : `<p>${escapeHtml(t.whenEmpty ?? '')}</p>`,
    );
  }
  parts.push('</body></html>', '');
  return parts.join('\n');
}
