import {
  canonicalLifecyclePolicyText,
  lifecyclePoliciesEqual,
} from '#lib/lifecycle/lifecycle-policy.ts';
import type { ControlEvaluation, RepositoryState } from '../control.ts';
import type { LifecycleConfig } from './config.ts';
import type { PutLifecyclePolicy } from './put-lifecycle-policy.ts';

/**
 * Every repository has a lifecycle policy: any policy in `add-if-missing` mode, the
 * standard one in `enforce` mode.
 *
 * @example
 * ```ts
 * evaluateLifecycle({ ...state, lifecyclePolicyText: undefined }, config);
 * // → { compliant: false, reason: 'the repository has no lifecycle policy', remediation: … }
 * ```
 */
export function evaluateLifecycle(
  state: RepositoryState & { lifecyclePolicyText: string | undefined },
  config: LifecycleConfig,
): ControlEvaluation<PutLifecyclePolicy> {
  const standardText = canonicalLifecyclePolicyText(config.policy);
  const remediation: PutLifecyclePolicy = {
    action: 'ecr:PutLifecyclePolicy',
    repositoryName: state.repository.repositoryName,
    lifecyclePolicyText: standardText,
  };
  if (state.lifecyclePolicyText === undefined) {
    return { compliant: false, reason: 'the repository has no lifecycle policy', remediation };
  }
  // In add-if-missing mode a team's own policy is theirs to keep.
  if (config.mode === 'add-if-missing') return { compliant: true };
  if (lifecyclePoliciesEqual(state.lifecyclePolicyText, standardText)) return { compliant: true };
  return {
    compliant: false,
    reason: 'the lifecycle policy differs from the standard policy (mode enforce)',
    remediation,
  };
}
