import { UpdateRepositoryCreationTemplateCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';
import { TEMPLATE_DEPENDENT_ACTIONS } from './create-repository-creation-template.ts';
import { type TemplateSettings, templateInput } from './template-settings.ts';

/** Updates the settings of a prefix's template that differ from the standard, and only those. */
export interface UpdateRepositoryCreationTemplate extends Partial<TemplateSettings> {
  action: 'ecr:UpdateRepositoryCreationTemplate';
  prefix: string;
}

export const updateRepositoryCreationTemplate: RemediationKind<UpdateRepositoryCreationTemplate> = {
  action: 'ecr:UpdateRepositoryCreationTemplate',
  alsoRequires: TEMPLATE_DEPENDENT_ACTIONS,
  registryWide: true,
  async send({ ecr }, { action: _action, prefix, ...settings }) {
    await ecr.send(
      new UpdateRepositoryCreationTemplateCommand({ prefix, ...templateInput(settings) }),
    );
  },
};
