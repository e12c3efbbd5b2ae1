export type { ScanningConfig } from './config.ts';
export { SCANNING_DEFAULTS, ScanningConfigSchema } from './config.ts';
export { scanning } from './control.ts';
export { evaluateScanning } from './evaluate.ts';
export type { PutImageScanningConfiguration } from './put-image-scanning-configuration.ts';
export type { PutRegistryScanningConfiguration } from './put-registry-scanning-configuration.ts';
export { mergeRegistryScanning } from './put-registry-scanning-configuration.ts';
export { scanningSection } from './section.ts';
