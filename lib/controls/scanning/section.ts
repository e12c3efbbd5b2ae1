import { defineSection } from '../control.ts';
import { ScanningConfigSchema } from './config.ts';

/** The `scanning` section of ecr-guard.yml. */
export const scanningSection = defineSection({
  control: 'scanning',
  key: 'scanning',
  schema: ScanningConfigSchema,
});
