import { defineSection } from '../control.ts';
import { CreationTemplatesConfigSchema } from './config.ts';

/** The `creationTemplates` section of ecr-guard.yml. */
export const creationTemplatesSection = defineSection({
  control: 'creation-templates',
  key: 'creationTemplates',
  schema: CreationTemplatesConfigSchema,
});
