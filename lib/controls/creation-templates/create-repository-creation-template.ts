import { CreateRepositoryCreationTemplateCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';
import { type TemplateSettings, templateInput } from './template-settings.ts';

/** Creates the template of a prefix with the standard's settings. */
export interface CreateRepositoryCreationTemplate extends TemplateSettings {
  action: 'ecr:CreateRepositoryCreationTemplate';
  prefix: string;
  description: string;
}

/**
 * ECR checks that the caller may do what the template will do for it (User Guide, "IAM
 * permissions for creating repository creation templates"): create repositories and, with a
 * lifecycle policy, put it.
 */
export const TEMPLATE_DEPENDENT_ACTIONS = ['ecr:CreateRepository', 'ecr:PutLifecyclePolicy'];

export const createRepositoryCreationTemplate: RemediationKind<CreateRepositoryCreationTemplate> = {
  action: 'ecr:CreateRepositoryCreationTemplate',
  alsoRequires: TEMPLATE_DEPENDENT_ACTIONS,
  registryWide: true,
  async send({ ecr }, { action: _action, prefix, description, ...settings }) {
    await ecr.send(
      new CreateRepositoryCreationTemplateCommand({
        prefix,
        description,
        ...templateInput(settings),
        appliedFor: settings.appliedFor,
      }),
    );
  },
};
