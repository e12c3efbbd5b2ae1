import type { Control } from './control.ts';
import type { AnyFact } from './fact.ts';
import { repositoryFact } from './facts/repository.ts';
import { tagsFact } from './facts/tags.ts';
import { CONTROLS } from './registry.ts';

/**
 * The facts the engine reads itself, whatever the controls: the repository (which is also
 * how a sweep lists the registry) and its tags (exemptions, the owning team, scopes).
 */
export const ENGINE_FACTS: readonly AnyFact[] = [repositoryFact, tagsFact];

/** Every fact a control reads: its own, and those of its exemption hook and its guard. */
export function factsOf(control: Control): readonly AnyFact[] {
  return control.level === 'repository'
    ? [...control.reads, ...(control.exemption?.reads ?? []), ...(control.guard?.reads ?? [])]
    : control.reads;
}

/** The IAM actions a control needs: to read its facts, and to write its remediations. */
export function controlActions(control: Control): { reads: string[]; writes: string[] } {
  return {
    reads: [...new Set(factsOf(control).flatMap((fact) => fact.actions))].sort(),
    writes: Object.keys(control.remediations).sort(),
  };
}

/**
 * Every IAM action enforcing the standard needs in an account: the engine's own reads, and
 * each control's reads (its guard's too, such as what runs in ECS) and writes. The central functions' roles and the member role are held
 * equal to this list by test/deploy (Cloud Custodian's permissions meta-test, for ecr-guard).
 *
 * @example
 * ```ts
 * enforcementActions(); // ['ecr:DescribePullThroughCacheRules', 'ecr:DescribeRepositories', …]
 * ```
 */
export function enforcementActions(controls: readonly Control[] = CONTROLS): string[] {
  const actions = new Set<string>(ENGINE_FACTS.flatMap((fact) => fact.actions));
  for (const control of controls) {
    const { reads, writes } = controlActions(control);
    for (const action of [...reads, ...writes]) actions.add(action);
  }
  return [...actions].sort();
}

/**
 * The IAM actions enforcing needs in an account, by the resource IAM authorizes them on: the
 * account's repositories, or `"*"` for what concerns the whole registry (registry facts and
 * registry-wide writes, for which IAM knows no narrower resource).
 */
export interface EnforcementPermissions {
  /** On `arn:PARTITION:ecr:*:ACCOUNT:repository/*`: repository reads and writes. */
  repository: string[];
  /** On `"*"`: registry-level reads, and the registry-wide writes granted. */
  registry: string[];
  /** The registry-wide writes among {@link EnforcementPermissions.registry}. */
  registryWrites: string[];
  /**
   * What other services' reads a control takes (the lifecycle guard's ECS, Lambda and
   * Inspector reads of what runs): granted by statements of their own, on those services'
   * resources, never on the ECR ones.
   */
  otherServices: string[];
}

function sorted(actions: Iterable<string>): string[] {
  return [...new Set(actions)].sort();
}

/**
 * The permissions of {@link enforcementActions}, split by resource, with each control's
 * registry-wide writes granted only when `grantsRegistryWrites(control)` says so (a standard
 * that enables them: see `standardPermissions` in lib/standard).
 *
 * @example
 * ```ts
 * enforcementPermissions(CONTROLS, () => false).registryWrites; // []
 * enforcementPermissions().registry; // ['ecr:DescribePullThroughCacheRules', 'ecr:GetRegistryScanningConfiguration', 'ecr:PutRegistryScanningConfiguration']
 * ```
 */
export function enforcementPermissions(
  controls: readonly Control[] = CONTROLS,
  grantsRegistryWrites: (control: Control) => boolean = () => true,
): EnforcementPermissions {
  const repository = new Set<string>();
  const registry = new Set<string>();
  const registryWrites = new Set<string>();
  const otherServices = new Set<string>();
  const facts = [...ENGINE_FACTS, ...controls.flatMap(factsOf)];
  for (const fact of facts) {
    for (const action of fact.actions) {
      if (!action.startsWith('ecr:')) otherServices.add(action);
      else (fact.level === 'registry' ? registry : repository).add(action);
    }
  }
  for (const control of controls) {
    const kinds = Object.values<{ action: string; registryWide?: boolean }>(control.remediations);
    for (const kind of kinds) {
      if (kind.registryWide !== true) {
        repository.add(kind.action);
      } else if (grantsRegistryWrites(control)) {
        registry.add(kind.action);
        registryWrites.add(kind.action);
      }
    }
  }
  return {
    repository: sorted(repository),
    registry: sorted(registry),
    registryWrites: sorted(registryWrites),
    otherServices: sorted(otherServices),
  };
}

/**
 * Every registry-wide write a control declares: what a standard may enable (the member
 * template's `RegistryWrites` parameter admits exactly these).
 *
 * @example
 * ```ts
 * registryWriteActions(); // ['ecr:PutRegistryScanningConfiguration']
 * ```
 */
export function registryWriteActions(controls: readonly Control[] = CONTROLS): string[] {
  return enforcementPermissions(controls).registryWrites;
}
