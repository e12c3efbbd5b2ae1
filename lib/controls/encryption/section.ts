import { defineSection } from '../control.ts';
import { EncryptionConfigSchema } from './config.ts';

/** The `encryption` section of ecr-guard.yml. */
export const encryptionSection = defineSection({
  control: 'encryption',
  key: 'encryption',
  schema: EncryptionConfigSchema,
});
