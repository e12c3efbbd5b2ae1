import {
  CONTROLS,
  type Control,
  controlNamed,
  isFixable,
  REPOSITORY_CONTROLS,
} from '#lib/controls/index.ts';
import type {
  ControlOutcome,
  RepositoryEvidence,
  RepositoryReport,
} from '#lib/enforcement/index.ts';
import { repositoryArnOf } from '#lib/events/index.ts';
import type { SweepEvent } from '#lib/sweep/sweep-event.ts';
import { describeFix } from './describe-fix.ts';
import { frameworkNote, frameworksOf } from './frameworks.ts';
import type { StandardIdentity } from './standard-identity.ts';
import type {
  RegistryResult,
  ReportControl,
  ReportControlStatus,
  ReportRepository,
  ReportStorage,
  ReportTarget,
  RepositoryCounts,
  RepositoryStatus,
  RunHeader,
  SweepReport,
} from './sweep-report-schema.ts';
import { TOOL_VERSION } from './tool-version.ts';

/** The scope a repository is reported under when the standard defines none. */
export const DEFAULT_SCOPE = 'default';

export interface SweepReportMeta {
  command: 'audit' | 'enforce';
  dryRun: boolean;
  /** The regions asked for. */
  regions: readonly string[];
  /** The accounts asked for: the caller's own, the organization's, or these ids. */
  accounts?: RunHeader['asked']['accounts'];
  startedAt: Date;
  standard: StandardIdentity;
  /** Who ran it (`sts:GetCallerIdentity`), when known. */
  caller?: RunHeader['caller'];
  /** Accounts of the organization left out, with the reason (e.g. suspended). */
  skippedAccounts?: ReadonlyArray<{ account: string; reason: string }>;
  /** Default {@link TOOL_VERSION}. */
  toolVersion?: string;
}

/** Collects a sweep's events as they stream, then builds the report. */
export interface SweepReportBuilder {
  add(event: SweepEvent): void;
  /** A registry-level result of one account and region (registry controls report these). */
  addRegistryResult(result: RegistryResult): void;
  build(finishedAt: Date): SweepReport;
}

const STATUS_OF: Readonly<Record<ControlOutcome['status'], ReportControlStatus>> = {
  compliant: 'pass',
  exempt: 'exempt',
  violation: 'violation',
  planned: 'planned',
  remediated: 'remediated',
  'not-checked': 'not-checked',
};

function toControl(
  outcome: ControlOutcome,
  state: RepositoryEvidence | undefined,
  audit: boolean,
): ReportControl {
  // An audit is a dry run: what it would fix is a violation today (with the fix to make).
  const status = audit && outcome.status === 'planned' ? 'violation' : STATUS_OF[outcome.status];
  const note = frameworkNote(outcome.control, status, state);
  return {
    control: outcome.control,
    status,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    fix: outcome.writes.map((w) => describeFix(w, state)),
    frameworks: frameworksOf(outcome.control),
    ...(note === undefined ? {} : { frameworkNote: note }),
  };
}

/** The controls of a repository that could not be evaluated: every one, `not-checked`. */
function notChecked(reason: string): ReportControl[] {
  return REPOSITORY_CONTROLS.map((c) => ({
    control: c.name,
    status: 'not-checked',
    reason,
    fix: [],
    frameworks: frameworksOf(c.name),
  }));
}

function statusOf(controls: readonly ReportControl[]): RepositoryStatus {
  const has = (s: ReportControl['status']): boolean => controls.some((c) => c.status === s);
  if (has('not-checked')) return 'failed';
  if (has('violation')) return 'non-compliant';
  if (has('planned')) return 'planned';
  if (has('remediated')) return 'remediated';
  if (has('exempt')) return 'exempt';
  return 'compliant';
}

function toRepository(report: RepositoryReport, audit: boolean): ReportRepository {
  const controls = report.controls.map((c) => toControl(c, report.state, audit));
  const exempted = new Set(controls.filter((c) => c.status === 'exempt').map((c) => c.control));
  return {
    account: report.account,
    region: report.region,
    repositoryName: report.repositoryName,
    repositoryArn:
      report.state?.repositoryArn ??
      repositoryArnOf({
        account: report.account,
        region: report.region,
        repositoryName: report.repositoryName,
      }),
    ...(report.team === undefined ? {} : { team: report.team }),
    scope: report.scope ?? DEFAULT_SCOPE,
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
    ...(report.storage === undefined
      ? {}
      : {
          storage: {
            images: report.storage.images,
            bytes: report.storage.bytes,
            freedByStandardBytes: report.storage.freedBytes,
            freedByStandardMonthlyCost: report.storage.freedMonthlyCost,
            currency: report.storage.currency,
          },
        }),
  };
}

type StorageTotals = ReportStorage & { repositories: number };

/**
 * Storage per account and per team (`(no team)` for repositories without one), from the
 * repositories whose images were read; nothing when none was.
 */
function storageTotals(repositories: readonly ReportRepository[]): Pick<SweepReport, 'storage'> {
  const measured = repositories.flatMap((r) =>
    r.storage === undefined ? [] : [{ repository: r, storage: r.storage }],
  );
  if (measured.length === 0) return {};
  const group = (keyOf: (r: ReportRepository) => string): Array<[string, StorageTotals]> => {
    const groups = new Map<string, StorageTotals>();
    for (const { repository, storage } of measured) {
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
    return [...groups].sort(([a], [b]) => a.localeCompare(b));
  };
  return {
    storage: {
      byAccount: group((r) => r.account).map(([account, sum]) => ({ account, ...sum })),
      byTeam: group((r) => r.team ?? '(no team)').map(([team, sum]) => ({ team, ...sum })),
    },
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

const CONTROL_COUNT_OF: Readonly<
  Record<
    ReportControlStatus,
    'pass' | 'exempt' | 'violation' | 'planned' | 'remediated' | 'notChecked'
  >
> = {
  pass: 'pass',
  exempt: 'exempt',
  violation: 'violation',
  planned: 'planned',
  remediated: 'remediated',
  'not-checked': 'notChecked',
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
 * Share of evaluated repositories (not skipped, not failed) that end compliant: compliant,
 * exempt or remediated. `null` when none was evaluated: no percentage of nothing.
 *
 * @example
 * ```ts
 * compliancePercent({ ...counts, repositories: 4, compliant: 3, nonCompliant: 1 }); // 75
 * ```
 */
export function compliancePercent(counts: RepositoryCounts): number | null {
  const evaluated = counts.repositories - counts.skipped - counts.failed;
  if (evaluated <= 0) return null;
  const ok = counts.compliant + counts.exempt + counts.remediated;
  return Math.round((ok / evaluated) * 1000) / 10;
}

/**
 * Turns a sweep's events into the report every format renders: the run header, per
 * repository one result per control (`pass` included) with its evidence, and the totals per
 * account and per control, what could not be checked counted apart.
 *
 * @example
 * ```ts
 * const builder = createSweepReportBuilder({ command: 'audit', dryRun: true, regions, startedAt: new Date(), standard });
 * for await (const event of sweep(options, deps)) builder.add(event);
 * const report = builder.build(new Date());
 * ```
 */
export function createSweepReportBuilder(meta: SweepReportMeta): SweepReportBuilder {
  const audit = meta.command === 'audit';
  const repositories: ReportRepository[] = [];
  const registry: RegistryResult[] = [];
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
        case 'registry':
          for (const outcome of event.report.controls) {
            const { frameworkNote: _note, ...result } = toControl(outcome, undefined, audit);
            registry.push({
              account: event.report.account,
              region: event.report.region,
              ...result,
            });
          }
          return;
        case 'repository':
          repositories.push(toRepository(event.report, audit));
          return;
        case 'repository-failed':
          repositories.push({
            ...event.target,
            repositoryName: event.repositoryName,
            repositoryArn: repositoryArnOf({
              account: event.target.account,
              region: event.target.region,
              repositoryName: event.repositoryName,
            }),
            scope: DEFAULT_SCOPE,
            status: 'failed',
            reason: event.reason,
            controls: notChecked(event.reason),
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

    addRegistryResult(result: RegistryResult): void {
      target(result.account, result.region);
      registry.push({ ...result });
    },

    build(finishedAt: Date): SweepReport {
      const sortedTargets = [...targets.values()].sort(byName);
      const sortedRepositories = [...repositories].sort(byName);
      const summary = emptyCounts();
      type AccountCounts = RepositoryCounts & { targets: number; targetsFailed: number };
      const accounts = new Map<string, AccountCounts>();
      const accountOf = (account: string): AccountCounts => {
        let counts = accounts.get(account);
        if (counts === undefined) {
          counts = { ...emptyCounts(), targets: 0, targetsFailed: 0 };
          accounts.set(account, counts);
        }
        return counts;
      };
      for (const t of sortedTargets) {
        const counts = accountOf(t.account);
        counts.targets += 1;
        if (t.status === 'failed') counts.targetsFailed += 1;
      }
      type ControlCounts = SweepReport['byControl'][number];
      const byControl = new Map<string, ControlCounts>();
      const controlOf = (
        control: string,
        level: ControlCounts['level'] = 'repository',
      ): ControlCounts => {
        let row = byControl.get(control);
        if (row === undefined) {
          const registered = controlNamed(control);
          row = {
            control,
            level: registered?.level ?? level,
            fixable: registered === undefined ? false : isFixable(registered),
            pass: 0,
            exempt: 0,
            violation: 0,
            planned: 0,
            remediated: 0,
            notChecked: 0,
          };
          byControl.set(control, row);
        }
        return row;
      };
      // Every control of the registry has a row, in the registry's order (the repository-level
      // ones, then the registry-level ones), even when nothing was read.
      for (const control of CONTROLS as readonly Control[]) controlOf(control.name);
      let exemptions = 0;
      for (const repository of sortedRepositories) {
        count(summary, repository.status);
        count(accountOf(repository.account), repository.status);
        exemptions += repository.exemptions.length;
        for (const control of repository.controls) {
          controlOf(control.control)[CONTROL_COUNT_OF[control.status]] += 1;
        }
      }
      for (const result of registry) {
        controlOf(result.control, 'registry')[CONTROL_COUNT_OF[result.status]] += 1;
      }
      const reached = sortedTargets.filter((t) => t.status === 'ok');
      const run: RunHeader = {
        tool: { name: 'ecr-guard', version: meta.toolVersion ?? TOOL_VERSION },
        command: meta.command,
        dryRun: meta.dryRun,
        standard: { ...meta.standard },
        ...(meta.caller === undefined ? {} : { caller: { ...meta.caller } }),
        asked: {
          accounts: meta.accounts === undefined ? 'current' : meta.accounts,
          regions: [...new Set(meta.regions)],
        },
        reached: {
          accounts: [...new Set(reached.map((t) => t.account))],
          regions: [...new Set(reached.map((t) => t.region))].sort(),
        },
        startedAt: meta.startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: Math.max(0, finishedAt.getTime() - meta.startedAt.getTime()),
      };
      return {
        schemaVersion: 2,
        run,
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
            // An account not read in full gets no percentage: what was not read is unknown.
            compliancePercent: counts.targetsFailed > 0 ? null : compliancePercent(counts),
          })),
        byControl: [...byControl.values()],
        frameworks: [...byControl.keys()].map((control) => ({
          control,
          references: frameworksOf(control),
        })),
        targets: sortedTargets,
        skippedAccounts: (meta.skippedAccounts ?? []).map((s) => ({ ...s })),
        repositories: sortedRepositories,
        registry: [...registry].sort((a, b) => byName(a, b) || a.control.localeCompare(b.control)),
        ...storageTotals(sortedRepositories),
      };
    },
  };
}
