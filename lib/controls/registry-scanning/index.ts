export {
  AWS_NATIVE,
  BASIC_SCAN_TYPE_VERSION,
  basicScanTypeFact,
} from './basic-scan-type-fact.ts';
export type { RegistryScanningConfig, RegistryScanningMode } from './config.ts';
export {
  REGISTRY_SCANNING_DEFAULTS,
  REGISTRY_SCANNING_MODES,
  RegistryScanningConfigSchema,
} from './config.ts';
export { registryScanningControl } from './control.ts';
export type { RegistryScanningState } from './evaluate.ts';
export { evaluateRegistryScanning } from './evaluate.ts';
export type { PutAccountSetting } from './put-account-setting.ts';
export { registryScanningSection } from './section.ts';
