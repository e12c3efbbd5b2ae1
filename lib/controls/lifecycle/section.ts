import { defineSection } from '../control.ts';
import { LifecycleConfigSchema } from './config.ts';

/** The `lifecycle` section of ecr-guard.yml. */
export const lifecycleSection = defineSection({
  control: 'lifecycle',
  key: 'lifecycle',
  schema: LifecycleConfigSchema,
});
