import { defineRepositoryControl } from '../control.ts';
import { registryScanningFact } from '../facts/registry-scanning.ts';
import { evaluateScanning } from './evaluate.ts';
import { putImageScanningConfiguration } from './put-image-scanning-configuration.ts';
import { putRegistryScanningConfiguration } from './put-registry-scanning-configuration.ts';
import { scanningSection } from './section.ts';

/**
 * Images are scanned on push (AWS Foundational Security Best Practices ECR.1).
 *
 * @example
 * ```ts
 * scanning.evaluate(state, standard.scanning);
 * ```
 */
export const scanning = defineRepositoryControl({
  name: 'scanning',
  level: 'repository',
  description: {
    compliantWhen:
      "a registry scanning rule scans the repository on push (or continuously), or, with basic scanning, the repository's `scanOnPush` is on",
    remediation:
      'basic: `scanOnPush=true`; the registry configuration only with `scanning.manageRegistry: true`',
  },
  section: scanningSection,
  reads: [registryScanningFact],
  remediations: {
    'ecr:PutImageScanningConfiguration': putImageScanningConfiguration,
    'ecr:PutRegistryScanningConfiguration': putRegistryScanningConfiguration,
  },
  evaluate: evaluateScanning,
  // The registry's scanning configuration is ecr-guard's to change only when the standard says so.
  registryWritesEnabled: (config) => config.manageRegistry,
});
