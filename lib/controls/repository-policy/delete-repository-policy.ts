import {
  DeleteRepositoryPolicyCommand,
  RepositoryPolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';

/** Deletes a repository's policy: every one of its statements was offending. */
export interface DeleteRepositoryPolicy {
  action: 'ecr:DeleteRepositoryPolicy';
  repositoryName: string;
}

export const deleteRepositoryPolicy: RemediationKind<DeleteRepositoryPolicy> = {
  action: 'ecr:DeleteRepositoryPolicy',
  async send({ ecr }, { repositoryName }) {
    try {
      await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName }));
    } catch (error) {
      // Gone already: what the write wanted.
      if (error instanceof RepositoryPolicyNotFoundException) return;
      throw error;
    }
  },
};
