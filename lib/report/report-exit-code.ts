import type { SweepReport } from './sweep-report-schema.ts';

/** The exit codes of `audit` and `enforce` (the CLI's own, see `cli/io.ts`). */
export type ReportExitCode = 0 | 1 | 2;

/**
 * 2 when nothing was to check (no account and region), or something could not be checked (a
 * target or a repository failed: the report is incomplete, whatever else it says); 1 when a
 * repository is not compliant (a violation, or a fix a dry run only planned); 0 when every
 * repository is compliant, exempt or remediated.
 *
 * @example
 * ```ts
 * process.exitCode = reportExitCode(report);
 * ```
 */
export function reportExitCode(report: SweepReport): ReportExitCode {
  const { summary } = report;
  if (summary.targets === 0) return 2;
  if (summary.targetsFailed > 0 || summary.failed > 0) return 2;
  if (report.registry.some((r) => r.status === 'not-checked')) return 2;
  if (summary.nonCompliant > 0 || summary.planned > 0) return 1;
  if (report.registry.some((r) => r.status === 'violation' || r.status === 'planned')) return 1;
  return 0;
}
