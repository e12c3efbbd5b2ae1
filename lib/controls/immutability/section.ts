import { defineSection } from '../control.ts';
import { ImmutabilityConfigSchema } from './config.ts';

/** The `immutability` section of ecr-guard.yml. */
export const immutabilitySection = defineSection({
  control: 'immutability',
  key: 'immutability',
  schema: ImmutabilityConfigSchema,
});
