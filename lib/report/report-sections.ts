import type { ReportFix, ReportRepository, SweepReport } from './sweep-report-schema.ts';

/** One control of one repository, as the lists of every format show it. */
export interface ControlRow {
  account: string;
  region: string;
  repositoryName: string;
  repositoryArn: string;
  team: string | undefined;
  scope: string;
  control: string;
  status: string;
  reason: string;
  /** The writes made, planned, or that `enforce` would make, with their exact values. */
  fix: ReportFix[];
  /** `AWS FSBP ECR.2; AWS Config ecr-private-tag-immutability-enabled`. */
  frameworks: string;
  frameworkNote: string | undefined;
}

/** One exemption in force, as the exemption lists show it. */
export interface ExemptionRow {
  account: string;
  region: string;
  repositoryName: string;
  control: string;
  source: string;
  reason: string;
  until: string | undefined;
  /** `applied`: it keeps a non-compliant control from being fixed; `latent`: not needed now. */
  use: 'applied' | 'latent';
}

/** Something that could not be checked, or an exemption that does not apply. */
export interface NoticeRow {
  where: string;
  reason: string;
}

function controlRows(repositories: readonly ReportRepository[]): ControlRow[] {
  return repositories.flatMap((r) =>
    r.controls.map((c) => ({
      account: r.account,
      region: r.region,
      repositoryName: r.repositoryName,
      repositoryArn: r.repositoryArn,
      team: r.team,
      scope: r.scope,
      control: c.control,
      status: c.status,
      reason: c.reason ?? '',
      fix: c.fix,
      frameworks: c.frameworks.map((f) => `${f.framework} ${f.id}`).join('; '),
      frameworkNote: c.frameworkNote,
    })),
  );
}

/**
 * The rows every format lists, computed once: every result (one per repository and control,
 * `pass` included), and from them the violations, fixes (made or planned), exemptions,
 * ignored exemptions and what could not be checked.
 *
 * @example
 * ```ts
 * const { results, violations } = reportSections(report);
 * violations.map((v) => `${v.repositoryName} ${v.control}`);
 * ```
 */
export function reportSections(report: SweepReport): {
  results: ControlRow[];
  violations: ControlRow[];
  fixes: ControlRow[];
  exemptions: ExemptionRow[];
  ignoredExemptions: NoticeRow[];
  failures: NoticeRow[];
} {
  const { repositories } = report;
  const results = controlRows(repositories);
  return {
    results,
    violations: results.filter((r) => r.status === 'violation'),
    fixes: results.filter((r) => r.status === 'planned' || r.status === 'remediated'),
    exemptions: repositories.flatMap((r) =>
      r.exemptions.map((e) => ({
        account: r.account,
        region: r.region,
        repositoryName: r.repositoryName,
        control: e.control,
        source: e.source,
        reason: e.reason,
        until: e.until,
        use: e.applied ? ('applied' as const) : ('latent' as const),
      })),
    ),
    ignoredExemptions: repositories.flatMap((r) =>
      r.ignoredExemptions.map((i) => ({
        where: `${r.account}/${r.region}/${r.repositoryName}`,
        reason: i.reason,
      })),
    ),
    failures: [
      ...report.targets
        .filter((t) => t.status === 'failed')
        .map((t) => ({ where: `${t.account}/${t.region}`, reason: t.reason ?? 'failed' })),
      ...repositories
        .filter((r) => r.status === 'failed')
        .map((r) => ({
          where: `${r.account}/${r.region}/${r.repositoryName}`,
          reason: r.reason ?? 'failed',
        })),
    ],
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The verdict every format states, in words for people (the exit code is the terminal's
 * business). What could not be checked is said first and never counted as compliant; a run
 * that checked nothing says so.
 *
 * @example
 * ```ts
 * verdict(report); // '2 of 14 repositories are not compliant.'
 * ```
 */
export function verdict(report: SweepReport): string {
  return `${repositoryVerdict(report)}${registryVerdict(report)}`;
}

/** What the registry-level results add to the verdict: those not compliant, not checked. */
function registryVerdict(report: SweepReport): string {
  const failing = report.registry.filter((r) => r.status === 'violation' || r.status === 'planned');
  const unread = report.registry.filter((r) => r.status === 'not-checked');
  const names = (rows: typeof failing): string =>
    [...new Set(rows.map((r) => r.control))].join(', ');
  const parts: string[] = [];
  if (failing.length > 0) {
    parts.push(
      `${plural(failing.length, 'registry result is', 'registry results are')} not compliant (${names(failing)})`,
    );
  }
  if (unread.length > 0) {
    parts.push(
      `${plural(unread.length, 'registry result', 'registry results')} not checked (${names(unread)})`,
    );
  }
  return parts.length === 0 ? '' : ` ${parts.join('; ')}.`;
}

function repositoryVerdict(report: SweepReport): string {
  const { summary } = report;
  const targets = plural(summary.targets, 'account/region', 'account/regions');
  if (summary.targets === 0) {
    const skipped =
      report.skippedAccounts.length === 0
        ? ''
        : ` (${plural(report.skippedAccounts.length, 'account', 'accounts')} left out: ${report.skippedAccounts.map((s) => `${s.account} ${s.reason}`).join(', ')})`;
    return `Nothing was checked: there was no account and region to check${skipped}.`;
  }
  if (summary.targetsFailed === summary.targets && summary.repositories === 0) {
    return `Nothing was checked: none of the ${targets} could be read.`;
  }
  const checked = summary.repositories - summary.failed - summary.skipped;
  const notCompliant =
    summary.nonCompliant > 0
      ? ` Of the ${plural(checked, 'repository', 'repositories')} checked, ${summary.nonCompliant} ${summary.nonCompliant === 1 ? 'is' : 'are'} not compliant.`
      : '';
  if (summary.targetsFailed > 0 || summary.failed > 0) {
    return `Incomplete: ${summary.targetsFailed} of ${targets} and ${plural(summary.failed, 'repository', 'repositories')} could not be checked (counted apart, not as compliant).${notCompliant}`;
  }
  if (summary.nonCompliant > 0) {
    return `${summary.nonCompliant} of ${plural(checked, 'repository', 'repositories')} ${summary.nonCompliant === 1 ? 'is' : 'are'} not compliant.`;
  }
  if (summary.planned > 0) {
    return `${plural(summary.planned, 'repository', 'repositories')} would be remediated.`;
  }
  if (checked === 0) return `No repository was found in the ${targets} checked.`;
  return `Every repository checked is compliant or exempt: ${plural(checked, 'repository', 'repositories')} in ${targets}.`;
}

/**
 * The report's title: command, mode and scope.
 *
 * @example
 * ```ts
 * reportTitle(report); // 'ecr-guard audit: 2 accounts, 1 region, 14 repositories'
 * ```
 */
export function reportTitle(report: SweepReport): string {
  const { run } = report;
  const mode = run.command === 'enforce' && run.dryRun ? 'enforce (dry run)' : run.command;
  const scope = [
    plural(report.byAccount.length, 'account', 'accounts'),
    plural(run.asked.regions.length, 'region', 'regions'),
    plural(report.summary.repositories, 'repository', 'repositories'),
  ];
  return `ecr-guard ${mode}: ${scope.join(', ')}`;
}
