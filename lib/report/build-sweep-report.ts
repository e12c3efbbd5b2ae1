import { CONTROL_NAMES, type ControlName } from '#lib/controls/index.ts';
import type { ControlOutcome, RepositoryReport } from '#lib/enforcement/index.ts';
import type { SweepEvent } from '#lib/sweep/index.ts';
import type {
  ReportControl,
  ReportRepository,
  ReportStorage,
  ReportTarget,
  RepositoryCounts,
  RepositoryStatus,
  SweepReport,
} from './sweep-report-schema.ts';

export interface SweepReportMeta {
  command: 'audit' | 'enforce';
  dryRun: boolean;
  regions: readonly string[];
  startedAt: Date;
  /** Accounts of the organization left out, with the reason (e.g. suspended). */
  skippedAccounts?: ReadonlyArray<{ account: string; reason: string }>;
}

/** Collects a sweep's events as they stream, then builds the report. */
export interface SweepReportBuilder {
  add(event: SweepEvent): void;
  build(finishedAt: Date): SweepReport;
}

function toControl(outcome: ControlOutcome, audit: boolean): ReportControl {
  // An audit is a dry run: what it would fix is a violation today.
  const status = audit && outcome.status === 'planned' ? 'violation' : outcome.status;
  return {
    control: outcome.control,
    status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    fix: outcome.writes.map((w) => w.action),
  };
}

function statusOf(controls: readonly ReportControl[]): RepositoryStatus {
  const has = (s: ReportControl['status']): boolean => controls.some((c) => c.status === s);
  if (has('violation')) return 'non-compliant';
  if (has('planned')) return 'planned';
  if (has('remediated')) return 'remediated';
  if (has('exempt')) return 'exempt';
  return 'compliant';
}

function toRepository(report: RepositoryReport, audit: boolean): ReportRepository {
  const controls = report.controls.map((c) => toControl(c, audit));
  const exempted = new Set(controls.filter((c) => c.status === 'exempt').map((c) => c.control));
  return {
    account: report.account,
    region: report.region,
    repositoryName: report.repositoryName,
    ...(report.team === undefined ? {} : { team: report.team }),
    status: report.outcome === 'skipped' ? 'skipped' : statusOf(controls),
    ...(report.skipReason === undefined ? {} : { reason: report.skipReason }),
    controls,
    exemptions: (report.exemptions ?? []).map((e) => ({
      control: e.control,
      source: e.source,
      reason: e.reason,
      ...(e.until === undefined ? {} : { until: e.until }),
      applied: exempted.has(e.control),
    })),
    ignoredExemptions: report.ignoredExemptions.map((i) => ({ ...i })),
    ...(report.storage === undefined ? {} : { storage: { ...report.storage } }),
  };
}

function emptyCounts(): RepositoryCounts {
  return {
    repositories: 0,
    compliant: 0,
    exempt: 0,
    remediated: 0,
    planned: 0,
    nonCompliant: 0,
    skipped: 0,
    failed: 0,
  };
}

const COUNT_OF: Readonly<
  Record<RepositoryStatus, Exclude<keyof RepositoryCounts, 'repositories'>>
> = {
  compliant: 'compliant',
  exempt: 'exempt',
  remediated: 'remediated',
  planned: 'planned',
  'non-compliant': 'nonCompliant',
  skipped: 'skipped',
  failed: 'failed',
};

function count(counts: RepositoryCounts, status: RepositoryStatus): void {
  counts.repositories += 1;
  counts[COUNT_OF[status]] += 1;
}

function byName<T extends { account: string; region: string; repositoryName?: string }>(
  a: T,
  b: T,
): number {
  return (
    a.account.localeCompare(b.account) ||
    a.region.localeCompare(b.region) ||
    (a.repositoryName ?? '').localeCompare(b.repositoryName ?? '')
  );
}

/**
 * Turns a sweep's events into the report every format renders: per repository its controls
 * and exemptions, and the totals per account and per control.
 *
 * @example
 * ```ts
 * const builder = createSweepReportBuilder({ command: 'audit', dryRun: true, regions, startedAt: new Date() });
 * for await (const event of sweep(options, deps)) builder.add(event);
 * const report = builder.build(new Date());
 * ```
 */
export function createSweepReportBuilder(meta: SweepReportMeta): SweepReportBuilder {
  const audit = meta.command === 'audit';
  const repositories: ReportRepository[] = [];
  const targets = new Map<string, ReportTarget>();

  function target(account: string, region: string): ReportTarget {
    const key = `${account}/${region}`;
    let entry = targets.get(key);
    if (entry === undefined) {
      entry = { account, region, status: 'ok', repositories: 0 };
      targets.set(key, entry);
    }
    return entry;
  }

  return {
    add(event: SweepEvent): void {
      const entry = target(event.target.account, event.target.region);
      switch (event.type) {
        case 'target-started':
          return;
        case 'repository':
          repositories.push(toRepository(event.report, audit));
          return;
        case 'repository-failed':
          repositories.push({
            ...event.target,
            repositoryName: event.repositoryName,
            status: 'failed',
            reason: event.reason,
            controls: [],
            exemptions: [],
            ignoredExemptions: [],
          });
          return;
        case 'target-finished':
          entry.repositories = event.repositories;
          return;
        case 'target-failed':
          entry.status = 'failed';
          entry.repositories = event.repositories;
          entry.reason = event.reason;
          return;
      }
    },

    build(finishedAt: Date): SweepReport {
      const sortedTargets = [...targets.values()].sort(byName);
      const sortedRepositories = [...repositories].sort(byName);
      const summary = emptyCounts();
      const accounts = new Map<string, RepositoryCounts & { targetsFailed: number }>();
      const accountOf = (account: string): RepositoryCounts & { targetsFailed: number } => {
        let counts = accounts.get(account);
        if (counts === undefined) {
          counts = { ...emptyCounts(), targetsFailed: 0 };
          accounts.set(account, counts);
        }
        return counts;
      };
      for (const t of sortedTargets) {
        const counts = accountOf(t.account);
        if (t.status === 'failed') counts.targetsFailed += 1;
      }
      const byControl = new Map(
        CONTROL_NAMES.map((control) => [
          control,
          { control, compliant: 0, exempt: 0, violation: 0, planned: 0, remediated: 0 },
        ]),
      );
      let exemptions = 0;
      for (const repository of sortedRepositories) {
        count(summary, repository.status);
        count(accountOf(repository.account), repository.status);
        exemptions += repository.exemptions.length;
        for (const control of repository.controls) {
          const row = byControl.get(control.control as ControlName);
          if (row !== undefined) row[control.status] += 1;
        }
      }
      return {
        schemaVersion: 1,
        command: meta.command,
        dryRun: meta.dryRun,
        generatedAt: finishedAt.toISOString(),
        durationMs: Math.max(0, finishedAt.getTime() - meta.startedAt.getTime()),
        regions: [...meta.regions],
        summary: {
          ...summary,
          targets: sortedTargets.length,
          targetsFailed: sortedTargets.filter((t) => t.status === 'failed').length,
          exemptions,
        },
        byAccount: [...accounts.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([account, counts]) => ({
            account,
            ...counts,
            compliancePercent: compliancePercent(counts),
          })),
        byControl: [...byControl.values()],
        targets: sortedTargets,
        skippedAccounts: (meta.skippedAccounts ?? []).map((s) => ({ ...s })),
        repositories: sortedRepositories,
        ...storageTotals(sortedRepositories),
      };
    },
  };
}

/** Storage per account and team, from the repositories whose images were read. */
function storageTotals(repositories: readonly ReportRepository[]): Pick<SweepReport, 'storage'> {
  const measured = repositories.filter((r) => r.storage !== undefined);
  if (measured.length === 0) return {};
  const group = <K extends 'account' | 'team'>(key: K, keyOf: (r: ReportRepository) => string) => {
    const groups = new Map<string, ReportStorage & { repositories: number }>();
    for (const repository of measured) {
      const storage = repository.storage;
      if (storage === undefined) continue;
      const name = keyOf(repository);
      const sum = groups.get(name) ?? {
        images: 0,
        bytes: 0,
        freedByStandardBytes: 0,
        freedByStandardMonthlyCost: 0,
        currency: storage.currency,
        repositories: 0,
      };
      sum.images += storage.images;
      sum.bytes += storage.bytes;
      sum.freedByStandardBytes += storage.freedByStandardBytes;
      sum.freedByStandardMonthlyCost =
        Math.round((sum.freedByStandardMonthlyCost + storage.freedByStandardMonthlyCost) * 1e6) /
        1e6;
      sum.repositories += 1;
      groups.set(name, sum);
    }
    return [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([name, sum]) =>
          ({ [key]: name, ...sum }) as ReportStorage & { repositories: number } & Record<K, string>,
      );
  };
  return {
    storage: {
      byAccount: group('account', (r) => r.account),
      byTeam: group('team', (r) => r.team ?? '(no team)'),
    },
  };
}

/**
 * Share of evaluated repositories (not skipped, not failed) that end compliant: compliant,
 * exempt or remediated. 100 when none was evaluated.
 *
 * @example
 * ```ts
 * compliancePercent({ ...counts, repositories: 4, compliant: 3, nonCompliant: 1 }); // 75
 * ```
 */
export function compliancePercent(counts: RepositoryCounts): number {
  const evaluated = counts.repositories - counts.skipped - counts.failed;
  if (evaluated <= 0) return 100;
  const ok = counts.compliant + counts.exempt + counts.remediated;
  return Math.round((ok / evaluated) * 1000) / 10;
}
