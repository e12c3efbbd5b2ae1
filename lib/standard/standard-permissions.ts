/**
 * The IAM permissions a deployment needs for the standard it runs: the controls' declared
 * actions, with a registry-wide write granted only when the standard (its base sections, or a
 * scope) enables it. `serverless package` derives the central roles' ECR statements from this
 * (deploy/standard-permissions.cjs, through `ecr-guard policy permissions`).
 *
 * @module
 */
import type { EnforcementPermissions } from '#lib/controls/actions.ts';
import { enforcementPermissions } from '#lib/controls/actions.ts';
import type { Control } from '#lib/controls/control.ts';
import { CONTROLS } from '#lib/controls/registry.ts';
import type { Standard, StandardSections } from './standard-schema.ts';

/** Every configuration of a control's section the standard holds: the base's, each scope's. */
function configurationsOf(standard: Standard, control: Control): unknown[] {
  const key = control.section.key as keyof StandardSections;
  return [standard[key], ...standard.scopes.map((scope) => scope.sections[key])];
}

/**
 * What enforcing `standard` needs, by resource.
 *
 * @example
 * ```ts
 * standardPermissions(DEFAULT_STANDARD).registryWrites; // [] (scanning.manageRegistry is false)
 * ```
 */
export function standardPermissions(
  standard: Standard,
  controls: readonly Control[] = CONTROLS,
): EnforcementPermissions {
  return enforcementPermissions(controls, (control) =>
    configurationsOf(standard, control).some(
      (config) => control.registryWritesEnabled?.(config as never) === true,
    ),
  );
}
