export type { AppliedFor, CreationTemplatesConfig, CreationTemplatesMode } from './config.ts';
export {
  APPLIED_FOR,
  CREATION_TEMPLATES_DEFAULTS,
  CREATION_TEMPLATES_MODES,
  CreationTemplatesConfigSchema,
  ROOT_PREFIX,
} from './config.ts';
export { creationTemplates } from './control.ts';
export type { CreateRepositoryCreationTemplate } from './create-repository-creation-template.ts';
export { TEMPLATE_DEPENDENT_ACTIONS } from './create-repository-creation-template.ts';
export type { CreationTemplate } from './creation-templates-fact.ts';
export { creationTemplatesFact } from './creation-templates-fact.ts';
export type { CreationTemplatesState } from './evaluate.ts';
export { evaluateCreationTemplates } from './evaluate.ts';
export { creationTemplatesSection } from './section.ts';
export type { TemplateEncryption, TemplateSettings } from './template-settings.ts';
export type { UpdateRepositoryCreationTemplate } from './update-repository-creation-template.ts';
