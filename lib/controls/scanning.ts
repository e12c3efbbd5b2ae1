import { matchesWildcard, type Standard } from '#lib/standard/index.ts';
import type { Control, ControlEvaluation } from './control.ts';
import type {
  RegistryScanning,
  RegistryScanningRule,
  RepositoryState,
} from './repository-state.ts';

const SCANNING_FREQUENCIES = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

function ruleScansOnPush(rule: RegistryScanningRule, repositoryName: string): boolean {
  return (
    SCANNING_FREQUENCIES.has(rule.scanFrequency) &&
    rule.repositoryFilters.some((filter) => matchesWildcard(filter, repositoryName))
  );
}

function evaluate(state: RepositoryState, standard: Standard): ControlEvaluation {
  const { scanType, rules } = state.registryScanning;
  if (rules.some((rule) => ruleScansOnPush(rule, state.repositoryName))) return { compliant: true };
  if (scanType === 'BASIC') {
    if (state.scanOnPush) return { compliant: true };
    return {
      compliant: false,
      reason: 'images are not scanned on push',
      remediation: {
        action: 'ecr:PutImageScanningConfiguration',
        repositoryName: state.repositoryName,
        scanOnPush: true,
      },
    };
  }
  // Enhanced scanning ignores the repository flag: only a registry rule can fix it.
  const reason = 'enhanced scanning is on, but no registry scanning rule matches the repository';
  if (!standard.scanning.manageRegistry) {
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
      scanning: {
        scanType,
        rules: withRepositoryScannedOnPush(rules, state.repositoryName),
      },
    },
  };
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
 * scanning.evaluate({ ...state, scanOnPush: false }, standard);
 * // → { compliant: false, reason: 'images are not scanned on push', remediation: … }
 * ```
 */
export const scanning: Control = {
  name: 'scanning',
  readActions: ['ecr:DescribeRepositories', 'ecr:GetRegistryScanningConfiguration'],
  writeActions: ['ecr:PutImageScanningConfiguration', 'ecr:PutRegistryScanningConfiguration'],
  evaluate,
};

/**
 * The registry configuration `current` with every filter of `wanted` added to the rule of its
 * frequency (rules created where missing), and `wanted`'s scan type. A registry write replaces
 * the whole configuration, so it is merged into what the registry holds at the moment of
 * writing: a rule someone added since ecr-guard read the configuration is kept.
 *
 * @example
 * ```ts
 * mergeRegistryScanning(current, remediation.scanning);
 * ```
 */
export function mergeRegistryScanning(
  current: RegistryScanning,
  wanted: RegistryScanning,
): RegistryScanning {
  const rules = current.rules.map((rule) => ({
    ...rule,
    repositoryFilters: [...rule.repositoryFilters],
  }));
  for (const want of wanted.rules) {
    const rule = rules.find((r) => r.scanFrequency === want.scanFrequency);
    if (rule === undefined) {
      rules.push({ ...want, repositoryFilters: [...want.repositoryFilters] });
      continue;
    }
    for (const filter of want.repositoryFilters) {
      if (!rule.repositoryFilters.includes(filter)) rule.repositoryFilters.push(filter);
    }
  }
  return { scanType: wanted.scanType, rules };
}
