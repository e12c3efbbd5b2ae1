import { reportSections } from './report-sections.ts';
import { storageTables } from './storage-tables.ts';
import type { SweepReport } from './sweep-report-schema.ts';

/** One table of the report, as the Markdown and HTML formats lay it out. */
export interface ReportTable {
  title: string;
  header: string[];
  rows: string[][];
  /** Columns from this index on are numbers (right-aligned where the format can). */
  numericFrom?: number;
  /** Shown instead of an empty table; without it, an empty table is left out. */
  whenEmpty?: string;
}

/**
 * The report's tables, computed once for every document format: compliance per account and
 * per control, then violations, fixes, exemptions, ignored exemptions, skipped accounts and
 * failures.
 *
 * @example
 * ```ts
 * const { byAccount, byControl, details } = reportTables(report);
 * ```
 */
export function reportTables(report: SweepReport): {
  byAccount: ReportTable;
  byControl: ReportTable;
  details: ReportTable[];
} {
  const s = reportSections(report);
  const byAccount: ReportTable = {
    title: 'Compliance per account',
    header: [
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
    rows: report.byAccount.map((a) => [
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
    numericFrom: 1,
  };
  const byControl: ReportTable = {
    title: 'Compliance per control',
    header: ['Control', 'Compliant', 'Exempt', 'Violation', 'Planned', 'Remediated'],
    rows: report.byControl.map((c) => [
      c.control,
      String(c.compliant),
      String(c.exempt),
      String(c.violation),
      String(c.planned),
      String(c.remediated),
    ]),
    numericFrom: 1,
  };
  const details: ReportTable[] = [
    {
      title: `Violations (${s.violations.length})`,
      header: ['Account', 'Region', 'Repository', 'Team', 'Control', 'Reason', 'Fix'],
      rows: s.violations.map((v) => [
        v.account,
        v.region,
        v.repositoryName,
        v.team ?? '',
        v.control,
        v.reason,
        v.fix.join(', ') || 'manual',
      ]),
      whenEmpty: 'None.',
    },
    {
      title: `${report.dryRun ? 'Planned fixes' : 'Remediated'} (${s.fixes.length})`,
      header: ['Account', 'Region', 'Repository', 'Control', 'Write'],
      rows: s.fixes.map((f) => [
        f.account,
        f.region,
        f.repositoryName,
        f.control,
        f.fix.join(', '),
      ]),
    },
    {
      title: `Exemptions (${s.exemptions.length})`,
      header: ['Account', 'Region', 'Repository', 'Control', 'Use', 'Until', 'Source', 'Reason'],
      rows: s.exemptions.map((e) => [
        e.account,
        e.region,
        e.repositoryName,
        e.control,
        e.use,
        e.until ?? '',
        e.source,
        e.reason,
      ]),
      whenEmpty: 'None.',
    },
    {
      title: `Exemptions not applied (${s.ignoredExemptions.length})`,
      header: ['Repository', 'Reason'],
      rows: s.ignoredExemptions.map((i) => [i.where, i.reason]),
    },
    {
      title: `Accounts not swept (${report.skippedAccounts.length})`,
      header: ['Account', 'Reason'],
      rows: report.skippedAccounts.map((a) => [a.account, a.reason]),
    },
    {
      title: `Not checked (${s.failures.length})`,
      header: ['Where', 'Reason'],
      rows: s.failures.map((f) => [f.where, f.reason]),
    },
    ...storageTables(report),
  ];
  return { byAccount, byControl, details };
}
