import type { RegistryScanning } from './repository-state.ts';

/**
 * One write a control wants made. Controls return these as data, so a dry run can show
 * the plan and the gateway is the only place that performs writes.
 */
export type Remediation =
  | {
      action: 'ecr:PutImageTagMutability';
      repositoryName: string;
      imageTagMutability: 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION';
      exclusionFilters: string[];
    }
  | {
      action: 'ecr:PutLifecyclePolicy';
      repositoryName: string;
      lifecyclePolicyText: string;
    }
  | {
      action: 'ecr:PutImageScanningConfiguration';
      repositoryName: string;
      scanOnPush: true;
    }
  | {
      action: 'ecr:PutRegistryScanningConfiguration';
      scanning: RegistryScanning;
    };

export type RemediationAction = Remediation['action'];
