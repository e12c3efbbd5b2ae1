import { GetRegistryScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import { defineRegistryFact, type FactContext } from '../fact.ts';

/** A registry-level scanning rule, as ECR returns it. */
export interface RegistryScanningRule {
  scanFrequency: 'SCAN_ON_PUSH' | 'CONTINUOUS_SCAN' | 'MANUAL';
  /** WILDCARD filters on repository names. */
  repositoryFilters: string[];
}

/** The registry scanning configuration of one account and region. */
export interface RegistryScanning {
  scanType: 'BASIC' | 'ENHANCED';
  rules: RegistryScanningRule[];
}

function toRule(rule: {
  scanFrequency?: string | undefined;
  repositoryFilters?: Array<{ filter?: string | undefined }> | undefined;
}): RegistryScanningRule {
  const frequency = rule.scanFrequency;
  return {
    scanFrequency:
      frequency === 'SCAN_ON_PUSH' || frequency === 'CONTINUOUS_SCAN' ? frequency : 'MANUAL',
    repositoryFilters: (rule.repositoryFilters ?? []).flatMap((f) =>
      f.filter === undefined ? [] : [f.filter],
    ),
  };
}

/**
 * Reads the registry scanning configuration as it is now (no cache): what a registry write
 * merges into.
 *
 * @example
 * ```ts
 * const current = await readRegistryScanning({ ecr });
 * ```
 */
export async function readRegistryScanning({
  ecr,
}: Pick<FactContext, 'ecr'>): Promise<RegistryScanning> {
  const out = await ecr.send(new GetRegistryScanningConfigurationCommand({}));
  const configuration = out.scanningConfiguration;
  return {
    scanType: configuration?.scanType === 'ENHANCED' ? 'ENHANCED' : 'BASIC',
    rules: (configuration?.rules ?? []).map(toRule),
  };
}

/**
 * The registry scanning configuration. One fact per account and region shared by every
 * repository: re-reading it per event would spend a call on every push, so it is reused for
 * five minutes (a `PutRegistryScanningConfiguration` event or write forgets it).
 */
export const registryScanningFact = defineRegistryFact({
  name: 'registryScanning',
  actions: ['ecr:GetRegistryScanningConfiguration'],
  ttlMs: 5 * 60_000,
  read: readRegistryScanning,
});
