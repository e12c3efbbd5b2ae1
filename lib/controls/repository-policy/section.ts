import { defineSection } from '../control.ts';
import { RepositoryPolicyConfigSchema } from './config.ts';

/** The `repositoryPolicy` section of ecr-guard.yml. */
export const repositoryPolicySection = defineSection({
  control: 'repository-policy',
  key: 'repositoryPolicy',
  schema: RepositoryPolicyConfigSchema,
});
