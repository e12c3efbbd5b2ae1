import { defineSection } from '../control.ts';
import { TagStrategyConfigSchema } from './config.ts';

/** The `tagStrategy` section of ecr-guard.yml. */
export const tagStrategySection = defineSection({
  control: 'tag-strategy',
  key: 'tagStrategy',
  schema: TagStrategyConfigSchema,
});
