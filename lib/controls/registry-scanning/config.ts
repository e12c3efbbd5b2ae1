/**
 * The `registryScanning` section of ecr-guard.yml.
 *
 * @module
 */
import * as z from 'zod';

/**
 * `check` (default): the registry's scanning is judged, and fixed only with
 * `scanning.manageRegistry: true`; `off`: not judged.
 */
export const REGISTRY_SCANNING_MODES = ['check', 'off'] as const;
export type RegistryScanningMode = (typeof REGISTRY_SCANNING_MODES)[number];

/** The section's documented defaults. */
export const REGISTRY_SCANNING_DEFAULTS = { mode: 'check' as RegistryScanningMode };

export const RegistryScanningConfigSchema = z.strictObject({
  mode: z.enum(REGISTRY_SCANNING_MODES).default(() => REGISTRY_SCANNING_DEFAULTS.mode),
});

export type RegistryScanningConfig = z.output<typeof RegistryScanningConfigSchema>;
