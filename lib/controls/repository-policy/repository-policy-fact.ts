import {
  GetRepositoryPolicyCommand,
  RepositoryNotFoundException,
  RepositoryPolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import { RepositoryNotFoundError } from '#lib/aws/errors.ts';
import { defineRepositoryFact } from '../fact.ts';

/**
 * The repository's policy text (`GetRepositoryPolicy`); `undefined` when it has none. Named
 * as the field `SetRepositoryPolicy` writes, so that reports show what a fix replaces.
 */
export const repositoryPolicyFact = defineRepositoryFact({
  name: 'policyText',
  actions: ['ecr:GetRepositoryPolicy'],
  async read({ ecr }, { repositoryName }): Promise<string | undefined> {
    try {
      const out = await ecr.send(new GetRepositoryPolicyCommand({ repositoryName }));
      return out.policyText;
    } catch (error) {
      if (error instanceof RepositoryPolicyNotFoundException) return undefined;
      if (error instanceof RepositoryNotFoundException) {
        throw new RepositoryNotFoundError(repositoryName, 'ecr:GetRepositoryPolicy', {
          cause: error,
        });
      }
      throw error;
    }
  },
});
