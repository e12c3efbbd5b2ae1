/**
 * The `vpcEndpoints` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/** `report` (default): judged once `check` is true, never fixed; `off`: not judged. */
export const VPC_ENDPOINTS_MODES = ['report', 'off'] as const;
export type VpcEndpointsMode = (typeof VPC_ENDPOINTS_MODES)[number];

/** The section's documented defaults. */
export const VPC_ENDPOINTS_DEFAULTS = {
  check: false,
  mode: 'report' as VpcEndpointsMode,
};

export const VpcEndpointsConfigSchema = z.strictObject({
  check: z.boolean().default(() => VPC_ENDPOINTS_DEFAULTS.check),
  mode: z.enum(VPC_ENDPOINTS_MODES).default(() => VPC_ENDPOINTS_DEFAULTS.mode),
});

export type VpcEndpointsConfig = z.output<typeof VpcEndpointsConfigSchema>;
