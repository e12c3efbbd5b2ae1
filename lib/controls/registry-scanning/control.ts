import { defineRegistryControl } from '../control.ts';
import { registryScanningFact } from '../facts/registry-scanning.ts';
import type { ScanningConfig } from '../scanning/config.ts';
import { putRegistryScanningConfiguration } from '../scanning/put-registry-scanning-configuration.ts';
import { basicScanTypeFact } from './basic-scan-type-fact.ts';
import { evaluateRegistryScanning } from './evaluate.ts';
import { putAccountSetting } from './put-account-setting.ts';
import { registryScanningSection } from './section.ts';

/**
 * The registry as a whole scans every repository automatically, with the current basic engine.
 *
 * @example
 * ```ts
 * registryScanningControl.evaluate(state, standard.registryScanning, standard);
 * ```
 */
export const registryScanningControl = defineRegistryControl({
  name: 'registry-scanning',
  level: 'registry',
  description: {
    compliantWhen:
      'the registry scanning configuration covers every repository with `SCAN_ON_PUSH` or `CONTINUOUS_SCAN` (no rule left at `MANUAL` only); with basic scanning, the account’s `BASIC_SCAN_TYPE_VERSION` is `AWS_NATIVE`',
    remediation:
      'with `scanning.manageRegistry: true`: a `*` scan-on-push rule merged into the configuration, and `PutAccountSetting` `AWS_NATIVE`',
  },
  section: registryScanningSection,
  reads: [registryScanningFact, basicScanTypeFact],
  remediations: {
    // The very write of the scanning control, merged into the configuration as it is then.
    'ecr:PutRegistryScanningConfiguration': putRegistryScanningConfiguration,
    'ecr:PutAccountSetting': putAccountSetting,
  },
  enabled: (config) => config.mode !== 'off',
  // The scanning control's switch: ecr-guard writes the registry only when it manages it.
  registryWritesEnabled: (config, sections) =>
    config.mode !== 'off' &&
    (sections.scanning as ScanningConfig | undefined)?.manageRegistry === true,
  evaluate: evaluateRegistryScanning,
});
