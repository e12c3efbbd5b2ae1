import {
  canonicalLifecyclePolicyText,
  lifecyclePoliciesEqual,
  type Standard,
} from '#lib/standard/index.ts';
import type { Control, ControlEvaluation } from './control.ts';
import type { RepositoryState } from './repository-state.ts';

function evaluate(state: RepositoryState, standard: Standard): ControlEvaluation {
  const standardText = canonicalLifecyclePolicyText(standard.lifecycle.policy);
  const remediation = {
    action: 'ecr:PutLifecyclePolicy',
    repositoryName: state.repositoryName,
    lifecyclePolicyText: standardText,
  } as const;
  if (state.lifecyclePolicyText === undefined) {
    return { compliant: false, reason: 'the repository has no lifecycle policy', remediation };
  }
  // In add-if-missing mode a team's own policy is theirs to keep.
  if (standard.lifecycle.mode === 'add-if-missing') return { compliant: true };
  if (lifecyclePoliciesEqual(state.lifecyclePolicyText, standardText)) return { compliant: true };
  return {
    compliant: false,
    reason: 'the lifecycle policy differs from the standard policy (mode enforce)',
    remediation,
  };
}

/**
 * Every repository has a lifecycle policy: any policy in `add-if-missing` mode, the
 * standard one in `enforce` mode.
 *
 * @example
 * ```ts
 * lifecycle.evaluate({ ...state, lifecyclePolicyText: undefined }, standard);
 * // → { compliant: false, reason: 'the repository has no lifecycle policy', remediation: … }
 * ```
 */
export const lifecycle: Control = {
  name: 'lifecycle',
  readActions: ['ecr:GetLifecyclePolicy'],
  writeActions: ['ecr:PutLifecyclePolicy'],
  evaluate,
};
