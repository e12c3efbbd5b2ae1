/**
 * The `scanning` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/** The section's documented defaults. */
export const SCANNING_DEFAULTS = {
  manageRegistry: false,
};

export const ScanningConfigSchema = z.strictObject({
  manageRegistry: z.boolean().default(() => SCANNING_DEFAULTS.manageRegistry),
});

export type ScanningConfig = z.output<typeof ScanningConfigSchema>;
