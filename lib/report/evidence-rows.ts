import { reportSections } from './report-sections.ts';
import type {
  FrameworkReference,
  ReportControlStatus,
  ReportFix,
  SweepReport,
} from './sweep-report-schema.ts';

/** One result as the machine formats carry it (CSV, OCSF, Security Hub). */
export interface EvidenceRow {
  /**
   * `repository`: one repository and control; `registry`: one account, region and control;
   * `account-region`: an account and region that could not be read at all.
   */
  level: 'repository' | 'registry' | 'account-region';
  account: string;
  region: string;
  repositoryName?: string;
  repositoryArn?: string;
  team?: string;
  scope?: string;
  /** Empty for an account and region that could not be read: no control was evaluated. */
  control: string;
  status: ReportControlStatus;
  reason: string;
  fix: ReportFix[];
  frameworks: FrameworkReference[];
  frameworkNote?: string;
}

/**
 * Every result of a report, flat: one row per repository and control (`pass` included), one
 * per registry result, and one per account and region that could not be read (so that what
 * was not checked is never missing from a machine format either).
 *
 * @example
 * ```ts
 * evidenceRows(report).filter((r) => r.status === 'violation').length;
 * ```
 */
export function evidenceRows(report: SweepReport): EvidenceRow[] {
  const byKey = new Map(
    report.repositories.flatMap((r) =>
      r.controls.map((c) => [`${r.account}/${r.region}/${r.repositoryName}/${c.control}`, c]),
    ),
  );
  const repositoryRows: EvidenceRow[] = reportSections(report).results.map((r) => {
    const control = byKey.get(`${r.account}/${r.region}/${r.repositoryName}/${r.control}`);
    return {
      level: 'repository',
      account: r.account,
      region: r.region,
      repositoryName: r.repositoryName,
      repositoryArn: r.repositoryArn,
      ...(r.team === undefined ? {} : { team: r.team }),
      scope: r.scope,
      control: r.control,
      status: control?.status ?? 'not-checked',
      reason: r.reason,
      fix: r.fix,
      frameworks: control?.frameworks ?? [],
      ...(r.frameworkNote === undefined ? {} : { frameworkNote: r.frameworkNote }),
    };
  });
  const registryRows: EvidenceRow[] = report.registry.map((r) => ({
    level: 'registry',
    account: r.account,
    region: r.region,
    control: r.control,
    status: r.status,
    reason: r.reason ?? '',
    fix: r.fix,
    frameworks: r.frameworks,
  }));
  const unreadRows: EvidenceRow[] = report.targets
    .filter((t) => t.status === 'failed')
    .map((t) => ({
      level: 'account-region',
      account: t.account,
      region: t.region,
      control: '',
      status: 'not-checked',
      reason: t.reason ?? 'could not be read',
      fix: [],
      frameworks: [],
    }));
  return [...repositoryRows, ...registryRows, ...unreadRows];
}
