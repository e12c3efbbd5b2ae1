import { formatBytes } from '#lib/text/index.ts';
import type { ReportTable } from './report-tables.ts';
import type { ReportStorage, SweepReport } from './sweep-report-schema.ts';

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
      title: 'Storage per account',
      header: ['Account', 'Repositories', ...FIGURES],
      rows: storage.byAccount.map((a) => [a.account, String(a.repositories), ...figures(a)]),
      numericFrom: 1,
    },
    {
      title: 'Storage per team',
      header: ['Team', 'Repositories', ...FIGURES],
      rows: storage.byTeam.map((t) => [t.team, String(t.repositories), ...figures(t)]),
      numericFrom: 1,
    },
    {
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
