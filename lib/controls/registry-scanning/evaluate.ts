import type { ControlEvaluation, ControlSections, RegistryState } from '../control.ts';
import type { RegistryScanning, RegistryScanningRule } from '../facts/registry-scanning.ts';
import type { ScanningConfig } from '../scanning/config.ts';
import type { PutRegistryScanningConfiguration } from '../scanning/put-registry-scanning-configuration.ts';
import { AWS_NATIVE, BASIC_SCAN_TYPE_VERSION } from './basic-scan-type-fact.ts';
import type { RegistryScanningConfig } from './config.ts';
import type { PutAccountSetting } from './put-account-setting.ts';

/** What the control judges: the registry's scanning configuration and basic engine. */
export type RegistryScanningState = RegistryState & {
  registryScanning: RegistryScanning;
  basicScanTypeVersion: string | undefined;
};

const AUTOMATIC = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

/** A rule that scans every repository automatically: on push or continuously, filter `*`. */
function coversEveryRepository(rule: RegistryScanningRule): boolean {
  return AUTOMATIC.has(rule.scanFrequency) && rule.repositoryFilters.some((f) => /^\*+$/.test(f));
}

function describeRules(rules: readonly RegistryScanningRule[]): string {
  if (rules.length === 0) return 'no rule';
  return rules.map((r) => `${r.scanFrequency} on ${r.repositoryFilters.join(', ')}`).join('; ');
}

/**
 * The registry scans every repository on push or continuously (a `SCAN_ON_PUSH` or
 * `CONTINUOUS_SCAN` rule with the filter `*`, not `MANUAL` only), and basic scanning uses the
 * `AWS_NATIVE` engine (the account setting `BASIC_SCAN_TYPE_VERSION`; `CLAIR` is being
 * retired). Fixed only with `scanning.manageRegistry: true`, as the scanning control's
 * registry writes are: a `*` scan-on-push rule merged into the configuration, and
 * `PutAccountSetting`.
 *
 * @example
 * ```ts
 * evaluateRegistryScanning({ ...state, basicScanTypeVersion: 'CLAIR' }, config, standard);
 * // → { compliant: false, reason: 'basic scanning uses the CLAIR engine …' }
 * ```
 */
export function evaluateRegistryScanning(
  state: RegistryScanningState,
  _config: RegistryScanningConfig,
  sections: ControlSections,
): ControlEvaluation<PutRegistryScanningConfiguration | PutAccountSetting> {
  const { scanType, rules } = state.registryScanning;
  const manageRegistry = (sections.scanning as ScanningConfig | undefined)?.manageRegistry === true;
  const problems: string[] = [];
  const writes: Array<PutRegistryScanningConfiguration | PutAccountSetting> = [];
  if (!rules.some(coversEveryRepository)) {
    problems.push(
      `no ${scanType} scanning rule scans every repository on push or continuously (${describeRules(rules)})`,
    );
    writes.push({
      action: 'ecr:PutRegistryScanningConfiguration',
      scanning: { scanType, rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: ['*'] }] },
    });
  }
  if (scanType === 'BASIC' && state.basicScanTypeVersion !== AWS_NATIVE) {
    problems.push(
      `basic scanning uses the ${state.basicScanTypeVersion ?? 'unknown'} engine (${BASIC_SCAN_TYPE_VERSION}), not ${AWS_NATIVE}: CLAIR is being retired`,
    );
    writes.push({
      action: 'ecr:PutAccountSetting',
      name: BASIC_SCAN_TYPE_VERSION,
      value: AWS_NATIVE,
    });
  }
  if (problems.length === 0) return { compliant: true };
  const reason = problems.join('; ');
  const [remediation, ...more] = writes;
  if (!manageRegistry || remediation === undefined) {
    return {
      compliant: false,
      reason: `${reason} (scanning.manageRegistry is false, so ecr-guard leaves the registry alone)`,
    };
  }
  return {
    compliant: false,
    reason,
    remediation,
    ...(more.length === 0 ? {} : { moreRemediations: more }),
  };
}
