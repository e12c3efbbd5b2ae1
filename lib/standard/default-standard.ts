/**
 * The documented defaults of `ecr-guard.yml`: what an empty or missing file means. The schema
 * takes its defaults from here, so this file is the one place a default is decided.
 */
import type { LifecyclePolicy } from './lifecycle-policy.ts';
import type { Standard } from './standard-schema.ts';

/**
 * The default lifecycle policy (DESIGN.md): the seed's three examples joined into one valid
 * policy, the first split in two. Frozen: copy it (`structuredClone`) before changing it.
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

/**
 * The effective standard of an empty `ecr-guard.yml`. Frozen: `parseStandard` and
 * `loadStandard` return fresh copies, so callers never share (or mutate) this object.
 */
export const DEFAULT_STANDARD: Standard = deepFreeze({
  immutability: {
    mode: 'IMMUTABLE_WITH_EXCLUSION',
    exclusions: ['latest'],
    exemptPullThroughCache: true,
  },
  lifecycle: {
    mode: 'add-if-missing',
    policy: DEFAULT_LIFECYCLE_POLICY,
    protectInUse: true,
    inUseWindowDays: 30,
    inUseSources: ['ecs', 'lambda', 'inspector'],
    auditImages: false,
    scannerRoleArns: [],
  },
  scanning: {
    manageRegistry: false,
  },
  alerts: {
    minSeverity: 'HIGH',
  },
  ownership: {
    teamTagKey: 'team',
  },
  exemptions: [],
  identity: {
    roleNames: ['ecr-guard-*'],
  },
  cost: {
    storagePricePerGbMonth: 0.1,
    currency: 'EUR',
    regionPrices: {},
  },
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const nested of Object.values(value)) {
      deepFreeze(nested);
    }
    Object.freeze(value);
  }
  return value;
}
