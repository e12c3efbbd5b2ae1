import { reportTitle, verdict } from './report-sections.ts';
import { reportTables } from './report-tables.ts';
import type { SweepReport } from './sweep-report-schema.ts';

/** A table cell: pipes escaped, Markdown emphasis neutralised, lines kept apart with `<br>`. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[*_`<>[\]]/g, (c) => `\\${c}`)
    .split(/\s*\n\s*/)
    .join('<br>');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/**
 * The report in GitHub-flavoured Markdown, for a ticket or a pull request: the run header,
 * totals per account and per control, the framework mapping, every result per repository and
 * control, then violations, fixes (with the exact values), exemptions and failures. Every
 * value is escaped, so a repository name or a reason cannot break the tables.
 *
 * @example
 * ```ts
 * await writeFile('audit.md', renderMarkdown(report));
 * ```
 */
export function renderMarkdown(report: SweepReport): string {
  const { run, byAccount, byControl, frameworks, results, details } = reportTables(report);
  const out: string[] = [`# ${cell(reportTitle(report))}`, '', `**${cell(verdict(report))}**`];
  for (const t of [run, byAccount, byControl, frameworks, results, ...details]) {
    if (t.rows.length === 0 && t.whenEmpty === undefined) continue;
    out.push(
      '',
      `## ${cell(t.title)}`,
      '',
      t.rows.length > 0 ? table(t.header, t.rows) : (t.whenEmpty ?? ''),
    );
  }
  out.push('');
  return out.join('\n');
}
