import { reportSections, reportTitle, verdict } from './report-sections.ts';
import { reportTables } from './report-tables.ts';
import { storageTables } from './storage-tables.ts';
import type { SweepReport } from './sweep-report-schema.ts';

/** Columns padded to their widest cell; from `numericFrom` on, aligned right (counts). */
function columns(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numericFrom = header.length,
): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const numeric = header.map((_, i) => i >= numericFrom);
  return all
    .map((row) =>
      row
        .map((cell, i) => {
          const width = widths[i] ?? 0;
          return numeric[i] ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The report as plain-text tables for a terminal: the totals per account and per control,
 * then the violations, fixes, exemptions and failures, then the verdict.
 *
 * @example
 * ```ts
 * io.stdout(renderTable(report));
 * ```
 */
export function renderTable(report: SweepReport): string {
  const sections = reportSections(report);
  const { byControl } = reportTables(report);
  const out: string[] = [reportTitle(report), ''];
  out.push(
    'By account',
    columns(
      [
        'ACCOUNT',
        'REPOSITORIES',
        'COMPLIANT',
        'EXEMPT',
        'NON-COMPLIANT',
        'PLANNED',
        'REMEDIATED',
        'FAILED',
        'REGIONS FAILED',
        'COMPLIANCE',
      ],
      report.byAccount.map((a) => [
        a.account,
        String(a.repositories),
        String(a.compliant),
        String(a.exempt),
        String(a.nonCompliant),
        String(a.planned),
        String(a.remediated),
        String(a.failed),
        String(a.targetsFailed),
        `${a.compliancePercent}%`,
      ]),
      1,
    ),
    '',
    'By control (repositories)',
    columns(
      byControl.header.map((h) => h.toUpperCase()),
      byControl.rows,
      byControl.numericFrom,
    ),
  );
  if (sections.violations.length > 0) {
    out.push(
      '',
      `Violations (${sections.violations.length})`,
      columns(
        ['ACCOUNT', 'REGION', 'REPOSITORY', 'CONTROL', 'REASON', 'FIX'],
        sections.violations.map((v) => [
          v.account,
          v.region,
          v.repositoryName,
          v.control,
          oneLine(v.reason, 80),
          v.fix.join(', ') || '(manual)',
        ]),
      ),
    );
  }
  if (sections.fixes.length > 0) {
    const title = report.dryRun ? 'Planned fixes' : 'Remediated';
    out.push(
      '',
      `${title} (${sections.fixes.length})`,
      columns(
        ['ACCOUNT', 'REGION', 'REPOSITORY', 'CONTROL', 'WRITE'],
        sections.fixes.map((f) => [
          f.account,
          f.region,
          f.repositoryName,
          f.control,
          f.fix.join(', '),
        ]),
      ),
    );
  }
  if (sections.exemptions.length > 0) {
    out.push(
      '',
      `Exemptions (${sections.exemptions.length})`,
      columns(
        ['ACCOUNT', 'REGION', 'REPOSITORY', 'CONTROL', 'USE', 'UNTIL', 'REASON'],
        sections.exemptions.map((e) => [
          e.account,
          e.region,
          e.repositoryName,
          e.control,
          e.use,
          e.until ?? '-',
          oneLine(e.reason, 80),
        ]),
      ),
    );
  }
  if (sections.ignoredExemptions.length > 0) {
    out.push('', `Exemptions not applied (${sections.ignoredExemptions.length})`);
    for (const i of sections.ignoredExemptions) out.push(`  ${i.where}: ${oneLine(i.reason, 120)}`);
  }
  if (report.skippedAccounts.length > 0) {
    out.push('', `Accounts not swept (${report.skippedAccounts.length})`);
    for (const s of report.skippedAccounts) out.push(`  ${s.account}: ${s.reason}`);
  }
  if (sections.failures.length > 0) {
    out.push('', `Not checked (${sections.failures.length})`);
    for (const f of sections.failures) out.push(`  ${f.where}: ${oneLine(f.reason, 160)}`);
  }
  for (const table of storageTables(report)) {
    out.push(
      '',
      table.title,
      columns(
        table.header.map((h) => h.toUpperCase()),
        table.rows,
        table.numericFrom,
      ),
    );
  }
  out.push('', verdict(report), '');
  return out.join('\n');
}
