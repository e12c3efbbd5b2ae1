/**
 * The JSON document `ecr-guard audit|enforce --format json` prints: the contract with
 * pipelines. Additive changes keep `schemaVersion` 1; anything else bumps it.
 */
import * as z from 'zod';
import { CONTROL_NAMES } from '#lib/controls/index.ts';

const ControlName = z.enum(CONTROL_NAMES);

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
  source: z.enum(['tag', 'standard', 'pull-through-cache']),
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

/** What a repository (or a group of them) stores, and what the standard policy would free. */
export const ReportStorageSchema = z.strictObject({
  images: z.number().int().nonnegative(),
  /** Summed `imageSizeInBytes` (shared layers counted in each image). */
  bytes: z.number().int().nonnegative(),
  freedByStandardBytes: z.number().int().nonnegative(),
  freedByStandardMonthlyCost: z.number().nonnegative(),
  currency: z.string(),
});

export const ReportRepositorySchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  repositoryName: z.string(),
  team: z.string().optional(),
  status: z.enum(REPOSITORY_STATUSES),
  /** Why it was skipped or failed. */
  reason: z.string().optional(),
  controls: z.array(ReportControlSchema),
  exemptions: z.array(ReportExemptionSchema),
  ignoredExemptions: z.array(z.strictObject({ source: z.string(), reason: z.string() })),
  /** Present when the audit read the images (`lifecycle.auditImages`). */
  storage: ReportStorageSchema.optional(),
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
  /** Storage per account and per team, when the audit read the images. */
  storage: z
    .strictObject({
      byAccount: z.array(
        ReportStorageSchema.extend({ account: z.string(), repositories: z.number().int() }),
      ),
      byTeam: z.array(
        ReportStorageSchema.extend({ team: z.string(), repositories: z.number().int() }),
      ),
    })
    .optional(),
});

export type SweepReport = z.infer<typeof SweepReportSchema>;
export type ReportRepository = z.infer<typeof ReportRepositorySchema>;
export type ReportControl = z.infer<typeof ReportControlSchema>;
export type ReportExemption = z.infer<typeof ReportExemptionSchema>;
export type ReportTarget = z.infer<typeof ReportTargetSchema>;
export type RepositoryCounts = z.infer<typeof RepositoryCountsSchema>;
export type ReportStorage = z.infer<typeof ReportStorageSchema>;
export type RepositoryStatus = (typeof REPOSITORY_STATUSES)[number];
export type ReportControlStatus = (typeof REPORT_CONTROL_STATUSES)[number];
