/** A registry-level scanning rule, as ECR returns it. */
export interface RegistryScanningRule {
  scanFrequency: 'SCAN_ON_PUSH' | 'CONTINUOUS_SCAN' | 'MANUAL';
  /** WILDCARD filters on repository names. */
  repositoryFilters: string[];
}

/** The registry scanning configuration of one account and region. */
export interface RegistryScanning {
  scanType: 'BASIC' | 'ENHANCED';
  rules: RegistryScanningRule[];
}

/**
 * Everything the controls need to judge one repository. Read by the ECR gateway, judged
 * by pure functions: a control never calls AWS to evaluate.
 */
export interface RepositoryState {
  account: string;
  region: string;
  repositoryName: string;
  repositoryArn: string;
  /** `MUTABLE`, `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION`, or whatever ECR adds next. */
  imageTagMutability: string;
  /** The repository's own exclusion filters (WILDCARD), empty when it has none. */
  exclusionFilters: string[];
  /** The repository-level `scanOnPush` flag. */
  scanOnPush: boolean;
  /** The lifecycle policy text, or `undefined` when the repository has none. */
  lifecyclePolicyText: string | undefined;
  registryScanning: RegistryScanning;
}
