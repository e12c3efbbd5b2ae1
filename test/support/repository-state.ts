import type { RegistryScanning, RepositoryState } from '#lib/controls/index.ts';
import { DEFAULT_LIFECYCLE_POLICY, DEFAULT_STANDARD, type Standard } from '#lib/standard/index.ts';

/** Everything the three first controls judge of one repository, flat: what tests vary. */
export interface FlatRepositoryState {
  account: string;
  region: string;
  repositoryName: string;
  repositoryArn: string;
  imageTagMutability: string;
  exclusionFilters: string[];
  scanOnPush: boolean;
  lifecyclePolicyText: string | undefined;
  registryScanning: RegistryScanning;
}

/** A repository that satisfies every control of the default standard, to vary from. */
export function compliantState(overrides: Partial<FlatRepositoryState> = {}): FlatRepositoryState {
  return {
    account: '123456789012',
    region: 'us-east-1',
    repositoryName: 'payments-checkout-api',
    repositoryArn: 'arn:aws:ecr:us-east-1:123456789012:repository/payments-checkout-api',
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    exclusionFilters: ['latest'],
    scanOnPush: true,
    lifecyclePolicyText: JSON.stringify(DEFAULT_LIFECYCLE_POLICY),
    registryScanning: { scanType: 'BASIC', rules: [] },
    ...overrides,
  };
}

/** The state a control's `evaluate` receives, from the flat one. */
export function controlState(flat: FlatRepositoryState): RepositoryState & {
  lifecyclePolicyText: string | undefined;
  registryScanning: RegistryScanning;
} {
  const { account, region, repositoryName, repositoryArn, imageTagMutability } = flat;
  return {
    account,
    region,
    repository: {
      repositoryName,
      repositoryArn,
      imageTagMutability,
      exclusionFilters: flat.exclusionFilters,
      scanOnPush: flat.scanOnPush,
      encryptionType: 'AES256',
    },
    lifecyclePolicyText: flat.lifecyclePolicyText,
    registryScanning: flat.registryScanning,
  };
}

/** The default standard with some sections replaced (a deep copy: the default is frozen). */
export function standardWith(overrides: Partial<Standard> = {}): Standard {
  return { ...structuredClone(DEFAULT_STANDARD), ...overrides };
}

/**
 * The default standard with only the three first controls on (immutability, lifecycle,
 * scanning): for tests of the engine's bounds and counts, which those controls' reads make.
 */
export function standardOfFirstThreeControls(): Standard {
  const standard = standardWith();
  standard.naming.mode = 'off';
  standard.repositoryPolicy.mode = 'off';
  standard.encryption.mode = 'off';
  standard.tagStrategy.mode = 'off';
  standard.creationTemplates.mode = 'off';
  standard.registryScanning.mode = 'off';
  return standard;
}
