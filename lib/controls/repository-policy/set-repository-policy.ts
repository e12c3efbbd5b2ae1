import { SetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';

/** Replaces a repository's policy with the same policy, its offending statements removed. */
export interface SetRepositoryPolicy {
  action: 'ecr:SetRepositoryPolicy';
  repositoryName: string;
  policyText: string;
}

export const setRepositoryPolicy: RemediationKind<SetRepositoryPolicy> = {
  action: 'ecr:SetRepositoryPolicy',
  async send({ ecr }, { repositoryName, policyText }) {
    await ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText }));
  },
};
