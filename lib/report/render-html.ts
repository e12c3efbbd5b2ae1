import { complianceChart } from './compliance-chart.ts';
import { escapeHtml } from './escape-html.ts';
import { reportExitCode } from './report-exit-code.ts';
import { reportTitle, verdict } from './report-sections.ts';
import { type ReportTable, reportTables } from './report-tables.ts';
import { RESULTS_TABLE_SCRIPT } from './results-table-script.ts';
import { storageChart } from './storage-chart.ts';
import { REPORT_CONTROL_STATUSES, type SweepReport } from './sweep-report-schema.ts';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#212121;max-width:1400px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e0e0e0;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #e0e0e0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.nowrap,th.nowrap{white-space:nowrap}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;text-align:left}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
table.header{width:auto}table.header th{width:14rem}
pre{margin:0;font-size:.8rem;white-space:pre-wrap}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #e0e0e0;border-radius:6px;padding:.75rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.6rem}.verdict{font-weight:600;padding:.5rem .75rem;border-radius:4px}
.outcome-0{background:#e8f5e9}.outcome-1{background:#fff8e1}.outcome-2{background:#f3e5f5}
.filters{display:flex;gap:1rem;align-items:center;margin:.5rem 0}.filters[hidden]{display:none}
tr[data-status=violation] td:nth-child(7),tr[data-status=not-checked] td:nth-child(7){font-weight:600;color:#b71c1c}
code{font-size:.85em}
`;

/** Columns whose values must never wrap (a region cut in two reads as two words). */
const NOWRAP = new Set(['Account', 'Region', 'Where', 'Status', 'Control', 'ARN']);

function td(text: string, numeric: boolean, nowrap: boolean): string {
  const classes = [numeric ? 'n' : '', nowrap ? 'nowrap' : ''].filter(Boolean).join(' ');
  const content = text.includes('\n') ? `<pre>${escapeHtml(text)}</pre>` : escapeHtml(text);
  return `<td${classes === '' ? '' : ` class="${classes}"`}>${content}</td>`;
}

function table(t: ReportTable, options: { id?: string; sortable?: boolean } = {}): string {
  const numericFrom = t.numericFrom ?? t.header.length;
  const statusColumn = t.header.indexOf('Status');
  const head = t.header
    .map((h) => {
      const label = options.sortable
        ? `<button type="button">${escapeHtml(h)}</button>`
        : escapeHtml(h);
      return `<th scope="col"${NOWRAP.has(h) ? ' class="nowrap"' : ''}>${label}</th>`;
    })
    .join('');
  const body = t.rows
    .map((row) => {
      const status =
        statusColumn >= 0 ? ` data-status="${escapeHtml(row[statusColumn] ?? '')}"` : '';
      const cells = row.map((c, i) => td(c, i >= numericFrom, NOWRAP.has(t.header[i] ?? '')));
      return `<tr${status}>${cells.join('')}</tr>`;
    })
    .join('\n');
  const id = options.id === undefined ? '' : ` id="${escapeHtml(options.id)}"`;
  return `<table${id}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function headerTable(t: ReportTable): string {
  const rows = t.rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row">${escapeHtml(label ?? '')}</th><td>${escapeHtml(value ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<table class="header"><tbody>\n${rows}\n</tbody></table>`;
}

function resultsFilters(): string {
  const options = ['<option value="">every status</option>']
    .concat(REPORT_CONTROL_STATUSES.map((s) => `<option value="${s}">${s}</option>`))
    .join('');
  return [
    '<div class="filters" id="results-controls" hidden>',
    '<label>Filter <input type="search" id="results-filter" placeholder="repository, team, control, reason…" size="40"></label>',
    `<label>Status <select id="results-status">${options}</select></label>`,
    '<span id="results-shown" aria-live="polite"></span>',
    '</div>',
  ].join('\n');
}

/**
 * The report as one self-contained HTML page for people: the run header, summary cards,
 * compliance per account (with a chart) and per control, the framework mapping, every result
 * per repository and control in a table that sorts and filters (inline plain JavaScript; the
 * table is complete without it), then violations, fixes with their exact values, exemptions,
 * what could not be checked and, when the audit read the images, the storage per account
 * (with a chart of what the standard would free), team and repository. No external asset; every value is escaped.
 *
 * @example
 * ```ts
 * await writeFile('audit.html', renderHtml(report));
 * ```
 */
export function renderHtml(report: SweepReport): string {
  const { run, byAccount, byControl, frameworks, results, details } = reportTables(report);
  const { summary } = report;
  const card = (label: string, value: number): string =>
    `<div class="card"><b>${value}</b>${escapeHtml(label)}</div>`;
  const fixedLabel =
    report.run.command === 'enforce' && !report.run.dryRun ? 'remediated' : 'planned';
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(reportTitle(report))}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(reportTitle(report))}</h1>`,
    headerTable(run),
    `<p class="verdict outcome-${reportExitCode(report)}">${escapeHtml(verdict(report))}</p>`,
    '<div class="cards">',
    card('repositories', summary.repositories),
    card('compliant', summary.compliant),
    card('exempt', summary.exempt),
    card('non-compliant', summary.nonCompliant),
    card(fixedLabel, fixedLabel === 'planned' ? summary.planned : summary.remediated),
    card('account/regions not checked', summary.targetsFailed),
    card('repositories not checked', summary.failed),
    '</div>',
    `<h2>${escapeHtml(byAccount.title)}</h2>`,
    complianceChart(report),
  ];
  for (const [i, t] of [byAccount, byControl, frameworks, results, ...details].entries()) {
    if (t.rows.length === 0 && t.whenEmpty === undefined) continue;
    // The account table sits under its chart, whose heading is already out.
    if (i > 0) parts.push(`<h2>${escapeHtml(t.title)}</h2>`);
    // What the standard would free, drawn above the storage tables.
    if (t.id === 'storage-by-account') parts.push(storageChart(report));
    if (t.rows.length === 0) {
      parts.push(`<p>${escapeHtml(t.whenEmpty ?? '')}</p>`);
    } else if (t.id === 'results') {
      parts.push(resultsFilters(), table(t, { id: 'results', sortable: true }));
    } else {
      parts.push(table(t));
    }
  }
  parts.push(`<script>${RESULTS_TABLE_SCRIPT}</script>`, '</body></html>', '');
  return parts.join('\n');
}
