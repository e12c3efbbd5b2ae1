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
 * The default lifecycle policy: the seed's three examples joined into one valid policy.
 * Frozen: copy it (`structuredClone`) before changing it.
 *
 * Note that ECR selects, for a `tagPrefixList` with several entries, only the images that
 * carry a tag for *every* prefix: rule 1 claims images tagged both `prod*` and `latest*`.
 */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = deepFreeze({
  rules: [
    {
      rulePriority: 1,
      description: 'Keep images tagged prod* and latest*: claimed here, no lower rule expires them',
      selection: {
        tagStatus: 'tagged',
        tagPrefixList: ['prod', 'latest'],
        countType: 'imageCountMoreThan',
        countNumber: 9999,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
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
      rulePriority: 3,
      description: 'Keep the 10 most recent images, expire older ones',
      selection: {
        tagStatus: 'any',
        countType: 'imageCountMoreThan',
        countNumber: 10,
      },
      action: { type: 'expire' },
    },
  ],
});

/** The section's documented defaults. */
export const LIFECYCLE_DEFAULTS = {
  mode: 'add-if-missing' as LifecycleMode,
  policy: DEFAULT_LIFECYCLE_POLICY,
};

export const LifecycleConfigSchema = z.strictObject({
  mode: z.enum(LIFECYCLE_MODES).default(() => LIFECYCLE_DEFAULTS.mode),
  policy: LifecyclePolicySchema.default(() => structuredClone(DEFAULT_LIFECYCLE_POLICY)),
});

export type LifecycleConfig = z.output<typeof LifecycleConfigSchema>;
