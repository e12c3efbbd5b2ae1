/**
 * The JSON document `ecr-guard audit|enforce --format json` prints: the contract with
 * pipelines. Additive changes keep `schemaVersion` 1; anything else bumps it.
 */
import * as z from 'zod';

/** A control's registered name (`immutability`, `lifecycle`, …). */
const ControlName = z.string();

/** A control's status in a report. An audit reports what `enforce` would fix as `violation`. */
export const REPORT_CONTROL_STATUSES = [
  'compliant',
  'exempt',
  'violation',
  'planned',
  'remediated',
] as const;

/**
 * A repository's status, the worst of its controls: `failed` (it could not be evaluated),
 * `skipped` (deleted meanwhile), `non-compliant` (a violation remains), `planned` (a dry run
 * would fix it), `remediated` (fixed now), `exempt` (compliant thanks to an exemption), or
 * `compliant`.
 */
export const REPOSITORY_STATUSES = [
  'compliant',
  'exempt',
  'remediated',
  'planned',
  'non-compliant',
  'skipped',
  'failed',
] as const;

export const ReportExemptionSchema = z.strictObject({
  control: ControlName,
  /** `tag`, `standard`, or the control's own exemption (`pull-through-cache`). */
  source: z.string(),
  reason: z.string(),
  until: z.string().optional(),
  /** True when the control is not compliant and the exemption is what keeps it so. */
  applied: z.boolean(),
});

export const ReportControlSchema = z.strictObject({
  control: ControlName,
  status: z.enum(REPORT_CONTROL_STATUSES),
  reason: z.string().optional(),
  /** The ECR write calls made (`remediated`), planned (`planned`), or that `enforce` would make. */
  fix: z.array(z.string()),
});

export const ReportRepositorySchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  repositoryName: z.string(),
  team: z.string().optional(),
  /** The scope of the standard that applied (`default`: the base standard). */
  scope: z.string().optional(),
  status: z.enum(REPOSITORY_STATUSES),
  /** Why it was skipped or failed. */
  reason: z.string().optional(),
  controls: z.array(ReportControlSchema),
  exemptions: z.array(ReportExemptionSchema),
  ignoredExemptions: z.array(z.strictObject({ source: z.string(), reason: z.string() })),
});

export const ReportTargetSchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  status: z.enum(['ok', 'failed']),
  repositories: z.number().int().nonnegative(),
  reason: z.string().optional(),
});

const Count = z.number().int().nonnegative();

export const RepositoryCountsSchema = z.strictObject({
  repositories: Count,
  compliant: Count,
  exempt: Count,
  remediated: Count,
  planned: Count,
  nonCompliant: Count,
  skipped: Count,
  failed: Count,
});

export const SweepReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  command: z.enum(['audit', 'enforce']),
  dryRun: z.boolean(),
  generatedAt: z.iso.datetime(),
  durationMs: Count,
  regions: z.array(z.string()),
  summary: RepositoryCountsSchema.extend({
    targets: Count,
    targetsFailed: Count,
    exemptions: Count,
  }),
  byAccount: z.array(
    RepositoryCountsSchema.extend({
      account: z.string(),
      targetsFailed: Count,
      /** Share of evaluated repositories that are compliant, exempt or remediated, 0–100. */
      compliancePercent: z.number().min(0).max(100),
    }),
  ),
  byControl: z.array(
    z.strictObject({
      control: ControlName,
      compliant: Count,
      exempt: Count,
      violation: Count,
      planned: Count,
      remediated: Count,
    }),
  ),
  targets: z.array(ReportTargetSchema),
  skippedAccounts: z.array(z.strictObject({ account: z.string(), reason: z.string() })),
  repositories: z.array(ReportRepositorySchema),
  /** The registry-level controls, once per account and region (none while none is on). */
  registries: z.array(
    z.strictObject({
      account: z.string(),
      region: z.string(),
      controls: z.array(ReportControlSchema),
    }),
  ),
});

export type SweepReport = z.infer<typeof SweepReportSchema>;
export type ReportRepository = z.infer<typeof ReportRepositorySchema>;
export type ReportControl = z.infer<typeof ReportControlSchema>;
export type ReportExemption = z.infer<typeof ReportExemptionSchema>;
export type ReportTarget = z.infer<typeof ReportTargetSchema>;
export type RepositoryCounts = z.infer<typeof RepositoryCountsSchema>;
export type RepositoryStatus = (typeof REPOSITORY_STATUSES)[number];
export type ReportControlStatus = (typeof REPORT_CONTROL_STATUSES)[number];
