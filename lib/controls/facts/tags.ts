import { ListTagsForResourceCommand, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { RepositoryNotFoundError } from '#lib/aws/errors.ts';
import { defineRepositoryFact } from '../fact.ts';

/**
 * The repository's tags: exemptions, the owning team, tag-matched scopes. The engine reads
 * them only when it needs them (a control not compliant, an audit, a scope matching by tag).
 */
export const tagsFact = defineRepositoryFact({
  name: 'tags',
  actions: ['ecr:ListTagsForResource'],
  async read({ ecr }, { repositoryName, repositoryArn }): Promise<Record<string, string>> {
    try {
      const out = await ecr.send(new ListTagsForResourceCommand({ resourceArn: repositoryArn }));
      const tags: Record<string, string> = {};
      for (const tag of out.tags ?? []) {
        if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
      }
      return tags;
    } catch (error) {
      if (error instanceof RepositoryNotFoundException) {
        throw new RepositoryNotFoundError(repositoryName, 'ecr:ListTagsForResource', {
          cause: error,
        });
      }
      throw error;
    }
  },
});
