import { formatBytes } from '#lib/text/index.ts';
import { FSBP_ECR_CONTROLS } from './frameworks.ts';
import { reportSections } from './report-sections.ts';
import type { ReportStorage, SweepReport } from './sweep-report-schema.ts';

/** One table of the report, as every format lays it out (terminal, Markdown, HTML). */
export interface ReportTable {
  /** A stable name (`results`), for a format that treats one table specially. */
  id: string;
  title: string;
  header: string[];
  /** Cells are plain text; a cell may hold several lines (a diff). */
  rows: string[][];
  /** Columns from this index on are numbers (right-aligned where the format can). */
  numericFrom?: number;
  /** Shown instead of an empty table; without it, an empty table is left out. */
  whenEmpty?: string;
}

function figures(s: ReportStorage): string[] {
  return [
    String(s.images),
    formatBytes(s.bytes),
    formatBytes(s.freedByStandardBytes),
    `${s.freedByStandardMonthlyCost.toFixed(2)} ${s.currency}`,
  ];
}

const FIGURES = ['Images', 'Stored', 'Freed by the standard', 'Cost freed / month'];

/**
 * The storage tables of an audit that read the images: per account, per team and per
 * repository, what is stored (summed `imageSizeInBytes`) and what the standard lifecycle
 * policy would free now. Empty when the images were not read.
 *
 * @example
 * ```ts
 * const tables = storageTables(report); // [] unless lifecycle.auditImages
 * ```
 */
export function storageTables(report: SweepReport): ReportTable[] {
  const { storage } = report;
  if (storage === undefined) return [];
  return [
    {
      id: 'storage-by-account',
      title: 'Storage per account',
      header: ['Account', 'Repositories', ...FIGURES],
      rows: storage.byAccount.map((a) => [a.account, String(a.repositories), ...figures(a)]),
      numericFrom: 1,
    },
    {
      id: 'storage-by-team',
      title: 'Storage per team',
      header: ['Team', 'Repositories', ...FIGURES],
      rows: storage.byTeam.map((t) => [t.team, String(t.repositories), ...figures(t)]),
      numericFrom: 1,
    },
    {
      id: 'storage-by-repository',
      title: 'Storage per repository',
      header: ['Account', 'Region', 'Repository', 'Team', ...FIGURES],
      rows: report.repositories.flatMap((r) =>
        r.storage === undefined
          ? []
          : [[r.account, r.region, r.repositoryName, r.team ?? '', ...figures(r.storage)]],
      ),
      numericFrom: 4,
    },
  ];
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function listOrNone(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

/** The header of every format: who ran what, with which standard, on what, when. */
function runTable(report: SweepReport): ReportTable {
  const { run } = report;
  const asked =
    run.asked.accounts === 'current'
      ? `the caller's account${run.caller === undefined ? '' : ` (${run.caller.account})`}`
      : run.asked.accounts === 'organization'
        ? 'every active account of the organization'
        : run.asked.accounts.join(', ');
  const rows: string[][] = [
    ['Tool', `${run.tool.name} ${run.tool.version}`],
    [
      'Mode',
      run.command === 'audit'
        ? 'audit (read only)'
        : run.dryRun
          ? 'enforce, dry run (no write)'
          : 'enforce',
    ],
    ['Standard', run.standard.source],
    ['Standard SHA-256 (effective)', run.standard.sha256],
  ];
  if (run.standard.fileSha256 !== undefined) {
    rows.push(['Standard file SHA-256', run.standard.fileSha256]);
  }
  rows.push(
    [
      'Caller',
      run.caller === undefined
        ? 'unknown'
        : `${run.caller.arn ?? 'unknown ARN'} (account ${run.caller.account})`,
    ],
    ['Accounts asked for', asked],
    ['Regions asked for', listOrNone(run.asked.regions)],
    ['Accounts reached', listOrNone(run.reached.accounts)],
    ['Regions reached', listOrNone(run.reached.regions)],
    ['Started', run.startedAt],
    ['Duration', duration(run.durationMs)],
  );
  return { id: 'run', title: 'Run', header: ['Field', 'Value'], rows };
}

/**
 * An account's compliance as every format shows it: a percentage only when the account was
 * read in full and had repositories to judge, else what is missing.
 *
 * @example
 * ```ts
 * complianceCell({ ...account, targets: 2, targetsFailed: 2 }); // 'not checked'
 * ```
 */
export function complianceCell(account: SweepReport['byAccount'][number]): string {
  if (account.targetsFailed > 0) {
    return account.targetsFailed === account.targets
      ? 'not checked'
      : `not checked in ${account.targetsFailed} of ${account.targets} regions`;
  }
  if (account.compliancePercent === null) return 'no repositories';
  return `${account.compliancePercent}%`;
}

function frameworkTable(report: SweepReport): ReportTable {
  const counts = new Map(report.byControl.map((c) => [c.control, c]));
  return {
    id: 'frameworks',
    title: 'AWS Foundational Security Best Practices and AWS Config',
    header: ['FSBP control', 'Title', 'AWS Config rule', 'ecr-guard control', 'Result'],
    rows: FSBP_ECR_CONTROLS.map((f) => {
      const c = f.control === undefined ? undefined : counts.get(f.control);
      let result: string;
      if (f.uncovered !== undefined) result = `not evaluated: ${f.uncovered}`;
      else if (c === undefined) result = `not evaluated: no ${f.control} control in this standard`;
      else {
        const failing = c.violation + c.planned;
        result = `${c.pass + c.remediated} pass, ${failing} fail, ${c.exempt} exempt, ${c.notChecked} not checked`;
      }
      return [f.id, f.title, f.configRule ?? '', f.control ?? '', result];
    }),
  };
}

/**
 * The report's tables, computed once for every format (terminal, Markdown, HTML): the run
 * header, compliance per account and per control, the framework mapping, every result (one
 * per repository and control), then violations, fixes with their exact values, exemptions,
 * ignored exemptions, registry results, skipped accounts and what could not be checked.
 *
 * @example
 * ```ts
 * const { run, byAccount, byControl, frameworks, results, details } = reportTables(report);
 * ```
 */
export function reportTables(report: SweepReport): {
  run: ReportTable;
  byAccount: ReportTable;
  byControl: ReportTable;
  frameworks: ReportTable;
  results: ReportTable;
  details: ReportTable[];
} {
  const s = reportSections(report);
  const byAccount: ReportTable = {
    id: 'by-account',
    title: 'Compliance per account',
    header: [
      'Account',
      'Regions',
      'Regions not checked',
      'Repositories',
      'Compliant',
      'Exempt',
      'Non-compliant',
      'Planned',
      'Remediated',
      'Not checked',
      'Compliance',
    ],
    rows: report.byAccount.map((a) => [
      a.account,
      String(a.targets),
      String(a.targetsFailed),
      String(a.repositories),
      String(a.compliant),
      String(a.exempt),
      String(a.nonCompliant),
      String(a.planned),
      String(a.remediated),
      String(a.failed),
      complianceCell(a),
    ]),
    numericFrom: 1,
    whenEmpty: 'No account was checked.',
  };
  const byControl: ReportTable = {
    id: 'by-control',
    title: 'Compliance per control (per repository, or per account and region)',
    header: [
      'Control',
      'Level',
      'Fix',
      'Pass',
      'Exempt',
      'Violation',
      'Planned',
      'Remediated',
      'Not checked',
    ],
    rows: report.byControl.map((c) => [
      c.control,
      c.level,
      c.fixable ? 'fixable' : 'report only',
      String(c.pass),
      String(c.exempt),
      String(c.violation),
      String(c.planned),
      String(c.remediated),
      String(c.notChecked),
    ]),
    numericFrom: 3,
  };
  const results: ReportTable = {
    id: 'results',
    title: `Results per repository and control (${s.results.length})`,
    header: [
      'Account',
      'Region',
      'Repository',
      'Team',
      'Scope',
      'Control',
      'Status',
      'Reason',
      'Fix',
      'Frameworks',
      'Framework note',
      'ARN',
    ],
    rows: s.results.map((r) => [
      r.account,
      r.region,
      r.repositoryName,
      r.team ?? '',
      r.scope,
      r.control,
      r.status,
      r.reason,
      r.fix.map((f) => f.action).join(', '),
      r.frameworks,
      r.frameworkNote ?? '',
      r.repositoryArn,
    ]),
    whenEmpty: 'No repository was checked.',
  };
  const details: ReportTable[] = [
    {
      id: 'violations',
      title: `Violations (${s.violations.length})`,
      header: ['Account', 'Region', 'Repository', 'Team', 'Control', 'Reason', 'Fix'],
      rows: s.violations.map((v) => [
        v.account,
        v.region,
        v.repositoryName,
        v.team ?? '',
        v.control,
        v.reason,
        v.fix.map((f) => f.action).join(', ') || 'manual',
      ]),
      whenEmpty: 'None.',
    },
    {
      id: 'fixes',
      title: `${report.run.command === 'audit' ? 'Fixes ecr-guard would make' : report.run.dryRun ? 'Planned fixes' : 'Remediated'} (${report.run.command === 'audit' ? s.violations.filter((v) => v.fix.length > 0).length : s.fixes.length})`,
      header: ['Account', 'Region', 'Repository', 'Team', 'Control', 'Write', 'Change'],
      rows: (report.run.command === 'audit' ? s.violations : s.fixes).flatMap((f) =>
        f.fix.map((write) => [
          f.account,
          f.region,
          f.repositoryName,
          f.team ?? '',
          f.control,
          write.action,
          write.change,
        ]),
      ),
    },
    {
      id: 'exemptions',
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
      id: 'ignored-exemptions',
      title: `Exemptions not applied (${s.ignoredExemptions.length})`,
      header: ['Repository', 'Reason'],
      rows: s.ignoredExemptions.map((i) => [i.where, i.reason]),
    },
    {
      id: 'registry',
      title: `Registry results per account and region (${report.registry.length})`,
      header: ['Account', 'Region', 'Control', 'Status', 'Reason', 'Fix', 'Frameworks'],
      rows: report.registry.map((r) => [
        r.account,
        r.region,
        r.control,
        r.status,
        r.reason ?? '',
        r.fix.map((f) => f.action).join(', '),
        r.frameworks.map((f) => `${f.framework} ${f.id}`).join('; '),
      ]),
    },
    {
      id: 'skipped-accounts',
      title: `Accounts not swept (${report.skippedAccounts.length})`,
      header: ['Account', 'Reason'],
      rows: report.skippedAccounts.map((a) => [a.account, a.reason]),
    },
    {
      id: 'not-checked',
      title: `Not checked (${s.failures.length})`,
      header: ['Where', 'Reason'],
      rows: s.failures.map((f) => [f.where, f.reason]),
    },
    ...storageTables(report),
  ];
  return {
    run: runTable(report),
    byAccount,
    byControl,
    frameworks: frameworkTable(report),
    results,
    details,
  };
}
