/**
 * The registry: the one list of ecr-guard's controls. Everything that depends on which
 * controls exist is derived from it: the control names (and so what an exemption may name),
 * the remediation union and its dispatch, the standard's sections, the IAM actions the roles
 * grant, the README's table of controls.
 *
 * @module
 */
import type {
  Control,
  RegistryControl,
  RemediationBase,
  RemediationKind,
  RepositoryControl,
} from './control.ts';
import { creationTemplates } from './creation-templates/control.ts';
import { encryption } from './encryption/control.ts';
import { immutability } from './immutability/control.ts';
import { lifecycle } from './lifecycle/control.ts';
import { naming } from './naming/control.ts';
import { registryScanningControl } from './registry-scanning/control.ts';
import { repositoryPolicy } from './repository-policy/control.ts';
import { scanning } from './scanning/control.ts';
import { SECTIONS } from './sections.ts';
import { tagStrategy } from './tag-strategy/control.ts';
import { vpcEndpoints } from './vpc-endpoints/control.ts';

/** Every control of the standard, in the order they are evaluated and reported. */
export const CONTROLS = [
  immutability,
  lifecycle,
  scanning,
  naming,
  repositoryPolicy,
  encryption,
  tagStrategy,
  creationTemplates,
  registryScanningControl,
  vpcEndpoints,
] as const;

export type RegisteredControl = (typeof CONTROLS)[number];

// The sections are listed apart (sections.ts): the two lists must say the same.
CONTROLS.forEach((control, index) => {
  if (SECTIONS[index] !== control.section) {
    throw new Error(
      `sections.ts and registry.ts disagree at ${index}: ${control.name} (each control's section, in the same order)`,
    );
  }
});
if (SECTIONS.length !== CONTROLS.length) {
  throw new Error('sections.ts lists a section whose control registry.ts does not list');
}

/** A write any registered control may want made. */
export type Remediation = NonNullable<
  Extract<ReturnType<RegisteredControl['evaluate']>, { compliant: false }>['remediation']
>;
export type RemediationAction = Remediation['action'];

/** The repository-level controls, in registry order. */
export const REPOSITORY_CONTROLS: readonly RepositoryControl[] = CONTROLS.filter(
  (control): control is Extract<RegisteredControl, { level: 'repository' }> =>
    control.level === 'repository',
) as readonly RepositoryControl[];

/** The registry-level controls, in registry order. */
export const REGISTRY_CONTROLS: readonly RegistryControl[] = (
  CONTROLS as readonly Control[]
).filter((control): control is RegistryControl => control.level === 'registry');

/**
 * The control registered under `name`.
 *
 * @example
 * ```ts
 * controlNamed('lifecycle')?.section.key; // 'lifecycle'
 * ```
 */
export function controlNamed(name: string): Control | undefined {
  return (CONTROLS as readonly Control[]).find((c) => c.name === name);
}

const KINDS = new Map<string, { control: Control; kind: RemediationKind<RemediationBase> }>();
for (const control of CONTROLS as readonly Control[]) {
  for (const kind of Object.values<RemediationKind<RemediationBase>>(control.remediations)) {
    const declared = KINDS.get(kind.action);
    // Two controls may share a write (scanning and registry-scanning both write the registry
    // scanning configuration), never with two different ways of making it.
    if (declared !== undefined && declared.kind !== kind) {
      throw new Error(
        `${declared.control.name} and ${control.name} declare ${kind.action} differently (one remediation kind per action)`,
      );
    }
    if (declared === undefined) KINDS.set(kind.action, { control, kind });
  }
}

/**
 * How a remediation is written, and by the first control that declares it: the gateway's
 * dispatch.
 *
 * @throws {Error} for an action no control declares (a programming error).
 * @example
 * ```ts
 * remediationKindOf('ecr:PutLifecyclePolicy').control.name; // 'lifecycle'
 * ```
 */
export function remediationKindOf(action: string): {
  control: Control;
  kind: RemediationKind<RemediationBase>;
} {
  const found = KINDS.get(action);
  if (found === undefined) throw new Error(`no control declares the remediation ${action}`);
  return found;
}
