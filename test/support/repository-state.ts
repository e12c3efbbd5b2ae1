import type { RepositoryState } from '#lib/controls/index.ts';
import { DEFAULT_LIFECYCLE_POLICY, DEFAULT_STANDARD, type Standard } from '#lib/standard/index.ts';

/** A repository that satisfies every control of the default standard, to vary from. */
export function compliantState(overrides: Partial<RepositoryState> = {}): RepositoryState {
  return {
    account: '123456789012',
    region: 'us-east-1',
    repositoryName: 'payments-api',
    repositoryArn: 'arn:aws:ecr:us-east-1:123456789012:repository/payments-api',
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    exclusionFilters: ['latest'],
    scanOnPush: true,
    lifecyclePolicyText: JSON.stringify(DEFAULT_LIFECYCLE_POLICY),
    registryScanning: { scanType: 'BASIC', rules: [] },
    ...overrides,
  };
}

/** The default standard with some sections replaced (a deep copy: the default is frozen). */
export function standardWith(overrides: Partial<Standard> = {}): Standard {
  return { ...structuredClone(DEFAULT_STANDARD), ...overrides };
}
