import { defineRegistryControl } from '../control.ts';
import { createRepositoryCreationTemplate } from './create-repository-creation-template.ts';
import { creationTemplatesFact } from './creation-templates-fact.ts';
import { evaluateCreationTemplates } from './evaluate.ts';
import { creationTemplatesSection } from './section.ts';
import { updateRepositoryCreationTemplate } from './update-repository-creation-template.ts';

/**
 * The repositories ECR creates by itself (on push, by a pull-through cache, by replication)
 * start compliant: a creation template carries the standard.
 *
 * @example
 * ```ts
 * creationTemplates.evaluate(state, standard.creationTemplates, standard);
 * ```
 */
export const creationTemplates = defineRegistryControl({
  name: 'creation-templates',
  level: 'registry',
  description: {
    compliantWhen:
      'a repository creation template exists for `ROOT` (or each of `creationTemplates.prefixes`) with the standard’s tag mutability and exclusions, lifecycle policy and encryption, `appliedFor` covering `CREATE_ON_PUSH`, `PULL_THROUGH_CACHE` and `REPLICATION`',
    remediation:
      'with `creationTemplates.mode: enforce` (default `report`): `CreateRepositoryCreationTemplate` / `UpdateRepositoryCreationTemplate` with the standard’s settings, writing only what differs',
  },
  section: creationTemplatesSection,
  reads: [creationTemplatesFact],
  remediations: {
    'ecr:CreateRepositoryCreationTemplate': createRepositoryCreationTemplate,
    'ecr:UpdateRepositoryCreationTemplate': updateRepositoryCreationTemplate,
  },
  enabled: (config) => config.mode !== 'off',
  registryWritesEnabled: (config) => config.mode === 'enforce',
  evaluate: evaluateCreationTemplates,
});
