import {
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { RepositoryNotFoundError } from '#lib/aws/errors.ts';
import { defineRepositoryFact } from '../fact.ts';

/** The repository's lifecycle policy text; `undefined` when it has none. */
export const lifecyclePolicyFact = defineRepositoryFact({
  name: 'lifecyclePolicyText',
  actions: ['ecr:GetLifecyclePolicy'],
  async read({ ecr }, { repositoryName }): Promise<string | undefined> {
    try {
      const out = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName }));
      return out.lifecyclePolicyText;
    } catch (error) {
      if (error instanceof LifecyclePolicyNotFoundException) return undefined;
      if (error instanceof RepositoryNotFoundException) {
        throw new RepositoryNotFoundError(repositoryName, 'ecr:GetLifecyclePolicy', {
          cause: error,
        });
      }
      throw error;
    }
  },
});
