/**
 * The JSON document `ecr-guard lifecycle preview --format json` prints: the contract with
 * pipelines. Additive changes keep `schemaVersion` 1; anything else bumps it.
 */
import * as z from 'zod';
import { IMAGE_USE_KINDS } from '#lib/lifecycle/index.ts';

const Count = z.number().int().nonnegative();
const Money = z.number().nonnegative();

/** Where the policy previewed for a repository comes from. */
export const POLICY_SOURCES = [
  /** The repository's own policy, which `enforce` leaves in place. */
  'repository',
  /** The standard's, which `enforce` would attach (none yet) or put in place (mode enforce). */
  'standard',
  /** `--policy FILE`: a policy tried out. */
  'file',
  /** No policy, and none would be attached (lifecycle exempt): nothing expires. */
  'none',
] as const;

export const PreviewImageSchema = z.strictObject({
  imageDigest: z.string(),
  imageTags: z.array(z.string()),
  imagePushedAt: z.iso.datetime(),
  /** Absent when ECR never recorded a pull. */
  lastRecordedPullTime: z.iso.datetime().optional(),
  /** DescribeImages' `imageSizeInBytes`. */
  sizeBytes: Count,
  action: z.enum(['expire', 'transition']),
  rulePriority: z.number().int().positive(),
  /** What uses the image; empty when nothing does. */
  inUse: z.array(z.strictObject({ kind: z.enum(IMAGE_USE_KINDS), name: z.string() })),
});

export const PreviewRepositorySchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  repositoryName: z.string(),
  team: z.string().optional(),
  policySource: z.enum(POLICY_SOURCES),
  /** `ok`; `in-use`: it would expire or archive an image in use; `unknown`: something would go and what runs could not be read; `failed`: not previewed. */
  status: z.enum(['ok', 'in-use', 'unknown', 'failed']),
  reason: z.string().optional(),
  warnings: z.array(z.strictObject({ path: z.string(), message: z.string() })),
  imageCount: Count,
  /** The images the policy would expire or transition to archive. */
  images: z.array(PreviewImageSchema),
  expiringCount: Count,
  transitioningCount: Count,
  /** The sum of the expiring images' `sizeBytes` (shared layers counted in each). */
  bytesFreed: Count,
  /** The layers only the expiring images use, each counted once; null unless manifests were read (`--layers`). */
  layerBytesFreed: Count.nullable(),
  monthlyCostFreed: Money,
  /** Which of the two figures `monthlyCostFreed` is priced from. */
  costBasis: z.enum(['layerBytesFreed', 'bytesFreed']),
  /** Images in use the policy would expire or archive. */
  inUseAtRisk: Count,
});

export const PreviewTotalsSchema = z.strictObject({
  repositories: Count,
  images: Count,
  expiringCount: Count,
  transitioningCount: Count,
  bytesFreed: Count,
  /** null when some repository's layers were not counted. */
  layerBytesFreed: Count.nullable(),
  monthlyCostFreed: Money,
  inUseAtRisk: Count,
});

export const LifecyclePreviewSchema = z.strictObject({
  schemaVersion: z.literal(1),
  generatedAt: z.iso.datetime(),
  regions: z.array(z.string()),
  currency: z.string(),
  /** How to read the figures (shared layers, pulls), in words. */
  notes: z.array(z.string()),
  targets: z.array(
    z.strictObject({
      account: z.string(),
      region: z.string(),
      status: z.enum(['ok', 'failed']),
      reason: z.string().optional(),
      /** Calls the in-use sources made there, by IAM action. */
      inUseCalls: z.record(z.string(), Count),
    }),
  ),
  repositories: z.array(PreviewRepositorySchema),
  totals: z.strictObject({
    organization: PreviewTotalsSchema,
    byAccount: z.array(PreviewTotalsSchema.extend({ account: z.string() })),
    byTeam: z.array(PreviewTotalsSchema.extend({ team: z.string() })),
  }),
});

export type LifecyclePreview = z.infer<typeof LifecyclePreviewSchema>;
export type PreviewRepository = z.infer<typeof PreviewRepositorySchema>;
export type PreviewImage = z.infer<typeof PreviewImageSchema>;
export type PreviewTotals = z.infer<typeof PreviewTotalsSchema>;
export type PolicySource = (typeof POLICY_SOURCES)[number];
