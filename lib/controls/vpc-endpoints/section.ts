import { defineSection } from '../control.ts';
import { VpcEndpointsConfigSchema } from './config.ts';

/** The `vpcEndpoints` section of ecr-guard.yml. */
export const vpcEndpointsSection = defineSection({
  control: 'vpc-endpoints',
  key: 'vpcEndpoints',
  schema: VpcEndpointsConfigSchema,
});
