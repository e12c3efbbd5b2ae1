import { DescribeRepositoryCreationTemplatesCommand } from '@aws-sdk/client-ecr';
import { defineRegistryFact } from '../fact.ts';

/** A repository creation template, reduced to what the control judges. */
export interface CreationTemplate {
  prefix: string;
  appliedFor: string[];
  /** `MUTABLE` when the template does not say (ECR's default). */
  imageTagMutability: string;
  exclusionFilters: string[];
  lifecyclePolicy?: string;
  /** `AES256` when the template does not say (ECR's default). */
  encryptionType: string;
  kmsKey?: string;
}

/**
 * The registry's repository creation templates (`DescribeRepositoryCreationTemplates`, all
 * pages). Reused for five minutes, like the scanning configuration; a template write or its
 * CloudTrail event forgets it.
 */
export const creationTemplatesFact = defineRegistryFact({
  name: 'creationTemplates',
  actions: ['ecr:DescribeRepositoryCreationTemplates'],
  ttlMs: 5 * 60_000,
  async read({ ecr }): Promise<CreationTemplate[]> {
    const templates: CreationTemplate[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(
        new DescribeRepositoryCreationTemplatesCommand({ maxResults: 1000, nextToken }),
      );
      for (const t of page.repositoryCreationTemplates ?? []) {
        if (t.prefix === undefined) continue;
        templates.push({
          prefix: t.prefix,
          appliedFor: [...(t.appliedFor ?? [])],
          imageTagMutability: t.imageTagMutability ?? 'MUTABLE',
          exclusionFilters: (t.imageTagMutabilityExclusionFilters ?? []).flatMap((f) =>
            f.filter === undefined ? [] : [f.filter],
          ),
          ...(t.lifecyclePolicy === undefined ? {} : { lifecyclePolicy: t.lifecyclePolicy }),
          encryptionType: t.encryptionConfiguration?.encryptionType ?? 'AES256',
          ...(t.encryptionConfiguration?.kmsKey === undefined
            ? {}
            : { kmsKey: t.encryptionConfiguration.kmsKey }),
        });
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return templates;
  },
});
