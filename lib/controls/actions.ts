import type { Control, RemediationBase, RemediationKind } from './control.ts';
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

/**
 * The IAM actions a control needs: to read its facts, and to write its remediations (each
 * write's own action and the actions it depends on).
 */
export function controlActions(control: Control): { reads: string[]; writes: string[] } {
  const kinds = Object.values<RemediationKind<RemediationBase>>(control.remediations);
  return {
    reads: [...new Set(factsOf(control).flatMap((fact) => fact.actions))].sort(),
    writes: [
      ...new Set(kinds.flatMap((kind) => [kind.action, ...(kind.alsoRequires ?? [])])),
    ].sort(),
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
