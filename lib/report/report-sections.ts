import type { ReportRepository, SweepReport } from './sweep-report-schema.ts';

/** One control of one repository, as the lists of every format show it. */
export interface ControlRow {
  account: string;
  region: string;
  repositoryName: string;
  team: string | undefined;
  control: string;
  reason: string;
  /** The write calls made, planned, or that `enforce` would make. */
  fix: string[];
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

function controlRows(
  repositories: readonly ReportRepository[],
  statuses: readonly string[],
): ControlRow[] {
  return repositories.flatMap((r) =>
    r.controls
      .filter((c) => statuses.includes(c.status))
      .map((c) => ({
        account: r.account,
        region: r.region,
        repositoryName: r.repositoryName,
        team: r.team,
        control: c.control,
        reason: c.reason ?? '',
        fix: c.fix,
      })),
  );
}

/**
 * The rows every format lists, computed once: violations (what is not compliant now), fixes
 * (made or planned), exemptions, ignored exemptions and failures.
 *
 * @example
 * ```ts
 * const { violations } = reportSections(report);
 * violations.map((v) => `${v.repositoryName} ${v.control}`);
 * ```
 */
export function reportSections(report: SweepReport): {
  violations: ControlRow[];
  fixes: ControlRow[];
  exemptions: ExemptionRow[];
  ignoredExemptions: NoticeRow[];
  failures: NoticeRow[];
} {
  const { repositories } = report;
  return {
    violations: controlRows(repositories, ['violation']),
    fixes: controlRows(repositories, ['planned', 'remediated']),
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

/**
 * The one-line verdict every format ends with.
 *
 * @example
 * ```ts
 * verdict(report); // '2 repositories not compliant (exit 1)'
 * ```
 */
export function verdict(report: SweepReport): string {
  const { summary } = report;
  const failed = summary.targetsFailed + summary.failed;
  if (failed > 0) {
    return `incomplete: ${summary.targetsFailed} account/region(s) and ${summary.failed} repositories could not be checked (exit 2)`;
  }
  if (summary.nonCompliant > 0) {
    return `${summary.nonCompliant} repositories not compliant (exit 1)`;
  }
  if (summary.planned > 0) return `${summary.planned} repositories would be remediated (exit 1)`;
  return 'every repository is compliant or exempt (exit 0)';
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
  const mode = report.command === 'enforce' && report.dryRun ? 'enforce --dry-run' : report.command;
  const accounts = report.byAccount.length;
  const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const scope = [
    plural(accounts, 'account', 'accounts'),
    plural(report.regions.length, 'region', 'regions'),
    plural(report.summary.repositories, 'repository', 'repositories'),
  ];
  return `ecr-guard ${mode}: ${scope.join(', ')}`;
}
