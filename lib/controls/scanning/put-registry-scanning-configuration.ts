import { PutRegistryScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import type { RemediationKind } from '../control.ts';
import { type RegistryScanning, readRegistryScanning } from '../facts/registry-scanning.ts';

/** Changes the registry's scanning configuration (only with `scanning.manageRegistry`). */
export interface PutRegistryScanningConfiguration {
  action: 'ecr:PutRegistryScanningConfiguration';
  /** What the configuration must include; merged into the registry's as it is when written. */
  scanning: RegistryScanning;
}

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

export const putRegistryScanningConfiguration: RemediationKind<PutRegistryScanningConfiguration> = {
  action: 'ecr:PutRegistryScanningConfiguration',
  // One registry, many repositories fixed at once (a sweep): the gateway makes these writes
  // one at a time, each merged into the configuration as it is now, so no fix undoes another.
  registryWide: true,
  async send(context, remediation) {
    const merged = mergeRegistryScanning(await readRegistryScanning(context), remediation.scanning);
    await context.ecr.send(
      new PutRegistryScanningConfigurationCommand({
        scanType: merged.scanType,
        rules: merged.rules.map((rule) => ({
          scanFrequency: rule.scanFrequency,
          repositoryFilters: rule.repositoryFilters.map((filter) => ({
            filter,
            filterType: 'WILDCARD' as const,
          })),
        })),
      }),
    );
  },
};
