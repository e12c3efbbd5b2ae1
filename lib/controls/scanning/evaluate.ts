import { matchesWildcard } from '#lib/text/wildcard.ts';
import type { ControlEvaluation, RepositoryState } from '../control.ts';
import type { RegistryScanning, RegistryScanningRule } from '../facts/registry-scanning.ts';
import type { ScanningConfig } from './config.ts';
import type { PutImageScanningConfiguration } from './put-image-scanning-configuration.ts';
import type { PutRegistryScanningConfiguration } from './put-registry-scanning-configuration.ts';

const SCANNING_FREQUENCIES = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

function ruleScansOnPush(rule: RegistryScanningRule, repositoryName: string): boolean {
  return (
    SCANNING_FREQUENCIES.has(rule.scanFrequency) &&
    rule.repositoryFilters.some((filter) => matchesWildcard(filter, repositoryName))
  );
}

/** The registry rules, with the repository added to the scan-on-push rule (created if absent). */
function withRepositoryScannedOnPush(
  rules: readonly RegistryScanningRule[],
  repositoryName: string,
): RegistryScanningRule[] {
  const onPush = rules.find((rule) => rule.scanFrequency === 'SCAN_ON_PUSH');
  if (onPush === undefined) {
    return [...rules, { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [repositoryName] }];
  }
  return rules.map((rule) =>
    rule === onPush
      ? { ...rule, repositoryFilters: [...rule.repositoryFilters, repositoryName] }
      : rule,
  );
}

/**
 * Images are scanned on push: by a registry rule that matches the repository, or (basic
 * scanning) by the repository's own `scanOnPush`.
 *
 * @example
 * ```ts
 * evaluateScanning({ ...state, repository: { ...repository, scanOnPush: false } }, config);
 * // → { compliant: false, reason: 'images are not scanned on push', remediation: … }
 * ```
 */
export function evaluateScanning(
  state: RepositoryState & { registryScanning: RegistryScanning },
  config: ScanningConfig,
): ControlEvaluation<PutImageScanningConfiguration | PutRegistryScanningConfiguration> {
  const { repositoryName, scanOnPush } = state.repository;
  const { scanType, rules } = state.registryScanning;
  if (rules.some((rule) => ruleScansOnPush(rule, repositoryName))) return { compliant: true };
  if (scanType === 'BASIC') {
    if (scanOnPush) return { compliant: true };
    return {
      compliant: false,
      reason: 'images are not scanned on push',
      remediation: {
        action: 'ecr:PutImageScanningConfiguration',
        repositoryName,
        scanOnPush: true,
      },
    };
  }
  // Enhanced scanning ignores the repository flag: only a registry rule can fix it.
  const reason = 'enhanced scanning is on, but no registry scanning rule matches the repository';
  if (!config.manageRegistry) {
    return {
      compliant: false,
      reason: `${reason} (scanning.manageRegistry is false, so ecr-guard leaves the registry alone)`,
    };
  }
  return {
    compliant: false,
    reason,
    remediation: {
      action: 'ecr:PutRegistryScanningConfiguration',
      scanning: { scanType, rules: withRepositoryScannedOnPush(rules, repositoryName) },
    },
  };
}
