import { defineSection } from '../control.ts';
import { RegistryScanningConfigSchema } from './config.ts';

/** The `registryScanning` section of ecr-guard.yml. */
export const registryScanningSection = defineSection({
  control: 'registry-scanning',
  key: 'registryScanning',
  schema: RegistryScanningConfigSchema,
});
