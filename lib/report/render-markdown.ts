import { reportSections, reportTitle, verdict } from './report-sections.ts';
import type { SweepReport } from './sweep-report-schema.ts';

/** A table cell: pipes escaped, line breaks flattened, Markdown emphasis neutralised. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[*_`<>[\]]/g, (c) => `\\${c}`)
    .replace(/\s*\n\s*/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/**
 * The report in GitHub-flavoured Markdown, for a ticket or a pull request: totals per
 * account and per control, then violations, fixes, exemptions (with reasons and expiries)
 * and failures. Every value is escaped, so a repository name or a reason cannot break the
 * tables.
 *
 * @example
 * ```ts
 * await writeFile('audit.md', renderMarkdown(report));
 * ```
 */
export function renderMarkdown(report: SweepReport): string {
  const s = reportSections(report);
  const out: string[] = [
    `# ${cell(reportTitle(report))}`,
    '',
    `Generated ${report.generatedAt} in ${(report.durationMs / 1000).toFixed(1)} s. **${cell(verdict(report))}**`,
    '',
    '## By account',
    '',
    table(
      [
        'Account',
        'Repositories',
        'Compliant',
        'Exempt',
        'Non-compliant',
        'Planned',
        'Remediated',
        'Failed',
        'Compliance',
      ],
      report.byAccount.map((a) => [
        a.account,
        String(a.repositories),
        String(a.compliant),
        String(a.exempt),
        String(a.nonCompliant),
        String(a.planned),
        String(a.remediated),
        String(a.failed + a.targetsFailed),
        `${a.compliancePercent}%`,
      ]),
    ),
    '',
    '## By control',
    '',
    table(
      ['Control', 'Compliant', 'Exempt', 'Violation', 'Planned', 'Remediated'],
      report.byControl.map((c) => [
        c.control,
        String(c.compliant),
        String(c.exempt),
        String(c.violation),
        String(c.planned),
        String(c.remediated),
      ]),
    ),
  ];
  const section = (title: string, header: string[], rows: string[][], empty: string): void => {
    out.push('', `## ${title}`, '', rows.length > 0 ? table(header, rows) : empty);
  };
  section(
    `Violations (${s.violations.length})`,
    ['Account', 'Region', 'Repository', 'Team', 'Control', 'Reason', 'Fix'],
    s.violations.map((v) => [
      v.account,
      v.region,
      v.repositoryName,
      v.team ?? '',
      v.control,
      v.reason,
      v.fix.join(', ') || 'manual',
    ]),
    'None.',
  );
  if (s.fixes.length > 0) {
    section(
      `${report.dryRun ? 'Planned fixes' : 'Remediated'} (${s.fixes.length})`,
      ['Account', 'Region', 'Repository', 'Control', 'Write'],
      s.fixes.map((f) => [f.account, f.region, f.repositoryName, f.control, f.fix.join(', ')]),
      '',
    );
  }
  section(
    `Exemptions (${s.exemptions.length})`,
    ['Account', 'Region', 'Repository', 'Control', 'Use', 'Until', 'Source', 'Reason'],
    s.exemptions.map((e) => [
      e.account,
      e.region,
      e.repositoryName,
      e.control,
      e.use,
      e.until ?? '',
      e.source,
      e.reason,
    ]),
    'None.',
  );
  if (s.ignoredExemptions.length > 0) {
    section(
      `Exemptions not applied (${s.ignoredExemptions.length})`,
      ['Repository', 'Reason'],
      s.ignoredExemptions.map((i) => [i.where, i.reason]),
      '',
    );
  }
  if (report.skippedAccounts.length > 0) {
    section(
      `Accounts not swept (${report.skippedAccounts.length})`,
      ['Account', 'Reason'],
      report.skippedAccounts.map((a) => [a.account, a.reason]),
      '',
    );
  }
  if (s.failures.length > 0) {
    section(
      `Not checked (${s.failures.length})`,
      ['Where', 'Reason'],
      s.failures.map((f) => [f.where, f.reason]),
      '',
    );
  }
  out.push('');
  return out.join('\n');
}
