import { reportExitCode } from './report-exit-code.ts';
import { reportTitle, verdict } from './report-sections.ts';
import { type ReportTable, reportTables } from './report-tables.ts';
import type { SweepReport } from './sweep-report-schema.ts';

/** Longest cell a terminal column shows; the JSON, CSV and HTML formats carry it whole. */
const MAX_CELL = 80;

function oneLine(text: string, max = MAX_CELL): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Columns padded to their widest cell; from `numericFrom` on, aligned right (counts). A cell
 * of several lines (a diff) shows its first line in the column and the whole text, indented,
 * under its row.
 */
function columns(table: ReportTable): string {
  const numericFrom = table.numericFrom ?? table.header.length;
  const header = table.header.map((h) => h.toUpperCase());
  const cells = table.rows.map((row) =>
    row.map((cell) => (cell.includes('\n') ? '(below)' : oneLine(cell))),
  );
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return i >= numericFrom ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  table.rows.forEach((row, index) => {
    out.push(line(cells[index] ?? []));
    for (const cell of row) {
      if (cell.includes('\n')) out.push(...cell.split('\n').map((l) => `    ${l}`));
    }
  });
  return out.join('\n');
}

/**
 * The report as plain-text tables for a terminal, from the same tables as the Markdown and
 * HTML formats: the run header, the totals per account and per control, the framework
 * mapping, every result, then violations, fixes, exemptions and what could not be checked,
 * and the verdict with the exit code.
 *
 * @example
 * ```ts
 * io.stdout(renderTable(report));
 * ```
 */
export function renderTable(report: SweepReport): string {
  const { run, byAccount, byControl, frameworks, results, details } = reportTables(report);
  const out: string[] = [reportTitle(report), ''];
  const labelWidth = Math.max(...run.rows.map(([label]) => (label ?? '').length));
  for (const [label, value] of run.rows) out.push(`${(label ?? '').padEnd(labelWidth)}  ${value}`);
  for (const t of [byAccount, byControl, frameworks, results, ...details]) {
    if (t.rows.length === 0 && t.whenEmpty === undefined) continue;
    out.push('', t.title, t.rows.length > 0 ? columns(t) : `  ${t.whenEmpty ?? ''}`);
  }
  out.push('', `${verdict(report)} (exit ${reportExitCode(report)})`, '');
  return out.join('\n');
}
