import { CONTROLS, type Control } from '#lib/controls/index.ts';
import { IN_USE_SOURCES } from '#lib/standard/index.ts';
import { IN_USE_SOURCE_ACTIONS } from './in-use/in-use-collector.ts';

/**
 * The ECR calls enforcement makes through {@link EcrGateway} beyond what the controls
 * declare: the repository's tags (exemptions and the owning team, read only when a control is
 * not compliant) and the listing of the registry (a registry-wide drift re-enforces every
 * repository).
 */
export const ENFORCEMENT_GATEWAY_ACTIONS = [
  'ecr:ListTagsForResource',
  'ecr:DescribeRepositories',
  // The lifecycle control's protection of images in use: the images, read only when a
  // lifecycle policy is about to be written (or audited).
  'ecr:DescribeImages',
] as const;

/**
 * Every IAM action enforcing the standard needs in an account: each control's reads and
 * writes, and the gateway's own reads. The central function's role and the member role are
 * held equal to this list by test/deploy (Cloud Custodian's permissions meta-test, for ecr-guard).
 *
 * @example
 * ```ts
 * enforcementActions(); // ['ecr:DescribePullThroughCacheRules', 'ecr:DescribeRepositories', …]
 * ```
 */
export function enforcementActions(controls: readonly Control[] = CONTROLS): string[] {
  const actions = new Set<string>(ENFORCEMENT_GATEWAY_ACTIONS);
  // …and what runs in the account (ECS, Lambda, Inspector), read only when that policy
  // would expire something.
  for (const source of IN_USE_SOURCES) {
    for (const action of IN_USE_SOURCE_ACTIONS[source]) actions.add(action);
  }
  for (const control of controls) {
    for (const action of [...control.readActions, ...control.writeActions]) actions.add(action);
  }
  return [...actions].sort();
}
