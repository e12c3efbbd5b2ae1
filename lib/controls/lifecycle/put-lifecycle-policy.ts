import { PutLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';

/** Attaches (or replaces) a repository's lifecycle policy. */
export interface PutLifecyclePolicy {
  action: 'ecr:PutLifecyclePolicy';
  repositoryName: string;
  lifecyclePolicyText: string;
}

export const putLifecyclePolicy: RemediationKind<PutLifecyclePolicy> = {
  action: 'ecr:PutLifecyclePolicy',
  async send({ ecr }, { repositoryName, lifecyclePolicyText }) {
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText }));
  },
};
