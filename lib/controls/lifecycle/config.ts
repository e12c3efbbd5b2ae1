/**
 * The `lifecycle` section of ecr-guard.yml, and the default lifecycle policy.
 *
 * @module
 */
import * as z from 'zod';
import { type LifecyclePolicy, LifecyclePolicySchema } from '#lib/lifecycle/lifecycle-policy.ts';
import { deepFreeze } from '#lib/text/deep-freeze.ts';

/** `add-if-missing` respects any existing policy; `enforce` requires the standard's. */
export const LIFECYCLE_MODES = ['add-if-missing', 'enforce'] as const;
export type LifecycleMode = (typeof LIFECYCLE_MODES)[number];

/**
 * The default lifecycle policy: the seed's three examples joined into one valid policy, the
 * first split in two. Frozen: copy it (`structuredClone`) before changing it.
 *
 * ECR selects, for a rule listing several prefixes or patterns, only the images that carry a
 * tag for *every* one of them: one rule for `prod*` and `latest*` would claim only images
 * tagged both. Rules 1 and 2 claim images tagged `prod*` or `latest*`, so that rule 4 (which
 * still counts them) never expires them.
 */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = deepFreeze({
  rules: [
    {
      rulePriority: 1,
      description: 'Keep images tagged prod*: claimed here, so no later rule expires them',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['prod*'],
        countType: 'imageCountMoreThan',
        countNumber: 9999,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: 'Keep images tagged latest*: claimed here, so no later rule expires them',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['latest*'],
        countType: 'imageCountMoreThan',
        countNumber: 9999,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 3,
      description: 'Expire untagged images one day after push',
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 1,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 4,
      description: 'Keep the 10 most recent images, expire older ones not claimed above',
      selection: {
        tagStatus: 'any',
        countType: 'imageCountMoreThan',
        countNumber: 10,
      },
      action: { type: 'expire' },
    },
  ],
});

/** Where ecr-guard learns which images are in use (`lifecycle.inUseSources`). */
export const IN_USE_SOURCES = ['ecs', 'lambda', 'inspector'] as const;
export type InUseSourceName = (typeof IN_USE_SOURCES)[number];

/** The longest `lifecycle.inUseWindowDays`: what the Inspector source reads, every scope's window within it. */
export const MAX_IN_USE_WINDOW_DAYS = 365;

/** An IAM role or user ARN, as `RegisterPullTimeUpdateExclusion` takes a `principalArn`. */
const PRINCIPAL_ARN_PATTERN =
  /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)\/[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;

/** The section's documented defaults. */
export const LIFECYCLE_DEFAULTS = {
  mode: 'add-if-missing' as LifecycleMode,
  policy: DEFAULT_LIFECYCLE_POLICY,
  /** Never attach or replace a policy that would expire (or archive) an image in use. */
  protectInUse: true,
  /** Amazon Inspector's `lastInUseAt` counts within this many days. */
  inUseWindowDays: 30,
  inUseSources: IN_USE_SOURCES,
  /** An audit reads no image unless asked: two reads per repository. */
  auditImages: false,
  scannerRoleArns: [] as readonly string[],
};

export const LifecycleConfigSchema = z.strictObject({
  mode: z.enum(LIFECYCLE_MODES).default(() => LIFECYCLE_DEFAULTS.mode),
  policy: LifecyclePolicySchema.default(() => structuredClone(DEFAULT_LIFECYCLE_POLICY)),
  protectInUse: z.boolean().default(LIFECYCLE_DEFAULTS.protectInUse),
  inUseWindowDays: z
    .int({ error: 'must be a whole number of days' })
    .min(1, 'must be at least 1 day')
    .max(MAX_IN_USE_WINDOW_DAYS, `at most ${MAX_IN_USE_WINDOW_DAYS} days`)
    .default(LIFECYCLE_DEFAULTS.inUseWindowDays),
  inUseSources: z
    .array(z.enum(IN_USE_SOURCES))
    .refine((sources) => new Set(sources).size === sources.length, 'lists a source twice')
    .default(() => [...LIFECYCLE_DEFAULTS.inUseSources]),
  auditImages: z.boolean().default(LIFECYCLE_DEFAULTS.auditImages),
  scannerRoleArns: z
    .array(z.string().regex(PRINCIPAL_ARN_PATTERN, 'must be an IAM role or user ARN'))
    .default(() => [...LIFECYCLE_DEFAULTS.scannerRoleArns]),
});

export type LifecycleConfig = z.output<typeof LifecycleConfigSchema>;
