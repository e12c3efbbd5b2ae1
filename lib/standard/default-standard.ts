/**
 * The documented defaults of `ecr-guard.yml`: what an empty or missing file means. The schema
 * takes its defaults from here, so this file is the one place a default is decided.
 */
import type { LifecyclePolicy } from './lifecycle-policy.ts';
import type { Standard } from './standard-schema.ts';

/**
 * The default lifecycle policy (DESIGN.md): the seed's three examples joined into one valid
 * policy. Frozen: copy it (`structuredClone`) before changing it.
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
