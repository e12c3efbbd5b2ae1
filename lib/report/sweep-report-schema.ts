/**
 * The JSON document `ecr-guard audit|enforce --format json` prints: the contract with
 * pipelines. Additive changes keep `schemaVersion`; anything else bumps it. Version 2: one
 * result per repository and control (`pass` rows included) with the evidence, a run header,
 * the framework mapping, and "not checked" counted apart.
 *
 * Control names are strings, not an enum: the report carries whatever controls the
 * enforcement reports, so a new control needs no change here.
 */
import * as z from 'zod';

/**
 * A control's result in a report. An audit reports what `enforce` would fix as `violation`
 * (with the fix it would make); `not-checked` is a control that could not be evaluated.
 */
export const REPORT_CONTROL_STATUSES = [
  'pass',
  'exempt',
  'violation',
  'planned',
  'remediated',
  'not-checked',
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
  control: z.string(),
  /** `tag`, `standard`, or the control's own exemption (`pull-through-cache`). */
  source: z.string(),
  reason: z.string(),
  until: z.string().optional(),
  /** True when the control is not compliant and the exemption is what keeps it so. */
  applied: z.boolean(),
});

/** One write, made or planned: the exact values, and the ones it replaces. */
export const ReportFixSchema = z.strictObject({
  /** The ECR API action (`ecr:PutLifecyclePolicy`). */
  action: z.string(),
  /** The values written (or to be written), as the API receives them. */
  values: z.record(z.string(), z.unknown()),
  /** The same fields as read before the write; a field absent here did not exist. */
  current: z.record(z.string(), z.unknown()),
  /** The change in words and, for a policy document, as a unified diff (one string). */
  change: z.string(),
});

/** Where a control sits in the frameworks auditors cite, and how ecr-guard differs. */
export const FrameworkReferenceSchema = z.strictObject({
  /** `AWS FSBP` (Security Hub's Foundational Security Best Practices) or `AWS Config`. */
  framework: z.string(),
  /** `ECR.2`, or the managed rule's identifier `ecr-private-tag-immutability-enabled`. */
  id: z.string(),
});

export const ReportControlSchema = z.strictObject({
  control: z.string(),
  status: z.enum(REPORT_CONTROL_STATUSES),
  reason: z.string().optional(),
  /** The writes made (`remediated`), planned (`planned`), or that `enforce` would make. */
  fix: z.array(ReportFixSchema),
  frameworks: z.array(FrameworkReferenceSchema),
  /** Where ecr-guard's judgement of this repository differs on purpose from a framework's. */
  frameworkNote: z.string().optional(),
});

/** What a repository (or a group of them) stores, and what the standard policy would free. */
export const ReportStorageSchema = z.strictObject({
  images: z.number().int().nonnegative(),
  /** Summed `imageSizeInBytes` (shared layers counted in each image). */
  bytes: z.number().int().nonnegative(),
  /** What the standard lifecycle policy (of the repository's scope) would expire now. */
  freedByStandardBytes: z.number().int().nonnegative(),
  /** Its monthly storage cost, at the region's price (`cost` in the standard). */
  freedByStandardMonthlyCost: z.number().nonnegative(),
  currency: z.string(),
});

export const ReportRepositorySchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  repositoryName: z.string(),
  /** The repository's ARN as ECR returned it; built from its name when it was not read. */
  repositoryArn: z.string(),
  team: z.string().optional(),
  /** The scope of the standard that applied (`default` when the standard has none). */
  scope: z.string(),
  status: z.enum(REPOSITORY_STATUSES),
  /** Why it was skipped or failed. */
  reason: z.string().optional(),
  controls: z.array(ReportControlSchema),
  exemptions: z.array(ReportExemptionSchema),
  ignoredExemptions: z.array(z.strictObject({ source: z.string(), reason: z.string() })),
  /** Present when the audit read the images (`lifecycle.auditImages`). */
  storage: ReportStorageSchema.optional(),
});

/**
 * A registry-level result (one per account, region and control, for controls that judge
 * the registry rather than a repository). Empty until such controls report.
 */
export const RegistryResultSchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  control: z.string(),
  status: z.enum(REPORT_CONTROL_STATUSES),
  reason: z.string().optional(),
  fix: z.array(ReportFixSchema),
  frameworks: z.array(FrameworkReferenceSchema),
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

/** Who ran the report, on what, when: the header of every format. */
export const RunHeaderSchema = z.strictObject({
  tool: z.strictObject({ name: z.literal('ecr-guard'), version: z.string() }),
  command: z.enum(['audit', 'enforce']),
  dryRun: z.boolean(),
  standard: z.strictObject({
    /** The file read (`ecr-guard.yml`), or `built-in defaults` when there was none. */
    source: z.string(),
    /**
     * SHA-256 of the effective standard (canonical JSON, defaults applied): the same for
     * the CLI and the functions, whatever the file's comments and layout.
     */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** SHA-256 of the file's bytes, when a file was read (`sha256sum ecr-guard.yml`). */
    fileSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  /** The identity of the credentials in use (`sts:GetCallerIdentity`), when known. */
  caller: z.strictObject({ account: z.string(), arn: z.string().optional() }).optional(),
  asked: z.strictObject({
    /** `current` (the caller's account), `organization`, or the account ids given. */
    accounts: z.union([z.literal('current'), z.literal('organization'), z.array(z.string())]),
    regions: z.array(z.string()),
  }),
  /** Accounts and regions with at least one account/region read in full. */
  reached: z.strictObject({ accounts: z.array(z.string()), regions: z.array(z.string()) }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: Count,
});

export const SweepReportSchema = z.strictObject({
  schemaVersion: z.literal(2),
  run: RunHeaderSchema,
  summary: RepositoryCountsSchema.extend({
    targets: Count,
    /** Account/regions that could not be read: counted apart, never as compliant. */
    targetsFailed: Count,
    exemptions: Count,
  }),
  byAccount: z.array(
    RepositoryCountsSchema.extend({
      account: z.string(),
      targets: Count,
      targetsFailed: Count,
      /**
       * Share of evaluated repositories that are compliant, exempt or remediated, 0–100;
       * `null` when the account was not read in full, or had no repository to evaluate.
       */
      compliancePercent: z.number().min(0).max(100).nullable(),
    }),
  ),
  byControl: z.array(
    z.strictObject({
      control: z.string(),
      /** `repository`: judged per repository; `registry`: once per account and region. */
      level: z.enum(['repository', 'registry']),
      /** Whether ecr-guard can fix what the control finds (else it only reports). */
      fixable: z.boolean(),
      pass: Count,
      exempt: Count,
      violation: Count,
      planned: Count,
      remediated: Count,
      notChecked: Count,
    }),
  ),
  /** Every control the report names, with its framework references. */
  frameworks: z.array(
    z.strictObject({ control: z.string(), references: z.array(FrameworkReferenceSchema) }),
  ),
  targets: z.array(ReportTargetSchema),
  skippedAccounts: z.array(z.strictObject({ account: z.string(), reason: z.string() })),
  repositories: z.array(ReportRepositorySchema),
  registry: z.array(RegistryResultSchema),
  /** Storage per account and per team, when the audit read the images. */
  storage: z
    .strictObject({
      byAccount: z.array(ReportStorageSchema.extend({ account: z.string(), repositories: Count })),
      byTeam: z.array(ReportStorageSchema.extend({ team: z.string(), repositories: Count })),
    })
    .optional(),
});

export type SweepReport = z.infer<typeof SweepReportSchema>;
export type RunHeader = z.infer<typeof RunHeaderSchema>;
export type ReportRepository = z.infer<typeof ReportRepositorySchema>;
export type ReportControl = z.infer<typeof ReportControlSchema>;
export type ReportFix = z.infer<typeof ReportFixSchema>;
export type FrameworkReference = z.infer<typeof FrameworkReferenceSchema>;
export type RegistryResult = z.infer<typeof RegistryResultSchema>;
export type ReportExemption = z.infer<typeof ReportExemptionSchema>;
export type ReportTarget = z.infer<typeof ReportTargetSchema>;
export type RepositoryCounts = z.infer<typeof RepositoryCountsSchema>;
export type RepositoryStatus = (typeof REPOSITORY_STATUSES)[number];
export type ReportControlStatus = (typeof REPORT_CONTROL_STATUSES)[number];
export type ReportStorage = z.infer<typeof ReportStorageSchema>;
