import type { ControlEvaluation, ControlName, RepositoryState } from '#lib/controls/index.ts';
import {
  checkPolicyInUse,
  describeInUseVerdict,
  type InUseSource,
  type LifecycleImage,
  type PolicyInUseCheck,
} from '#lib/lifecycle/index.ts';
import type { Standard } from '#lib/standard/index.ts';

export interface LifecycleInUseGuardDeps {
  standard: Standard;
  listImages(repositoryName: string): Promise<LifecycleImage[]>;
  inUse: InUseSource | undefined;
  /** Also judge the repository's current policy (`lifecycle.auditImages`, in an audit). */
  auditCurrentPolicy: boolean;
  now: () => Date;
}

function refusal(check: Exclude<PolicyInUseCheck, { safe: true }>): string {
  return 'unevaluable' in check ? check.unevaluable : describeInUseVerdict(check);
}

/**
 * The lifecycle control's protection of images in use, applied to its evaluation before
 * anything is decided or written:
 * - a policy about to be attached or replaced (planned or made) that would expire or archive
 *   an image in use, or anything while what is in use is unknown, loses its remediation: the
 *   control reports a violation naming the images and their users, and nothing is written
 *   (unless `lifecycle.protectInUse: false`);
 * - with `auditCurrentPolicy`, a current policy that will expire an image in use is a
 *   violation (a latent outage), with the images named.
 * A compliant repository costs nothing here unless `auditCurrentPolicy` asks for it.
 *
 * @example
 * ```ts
 * await guardLifecycleInUse(evaluations, state, { standard, listImages, inUse, auditCurrentPolicy: false, now });
 * ```
 */
export async function guardLifecycleInUse(
  evaluations: Map<ControlName, ControlEvaluation>,
  state: RepositoryState,
  deps: LifecycleInUseGuardDeps,
): Promise<void> {
  const evaluation = evaluations.get('lifecycle');
  if (evaluation === undefined) return;
  const target = {
    account: state.account,
    region: state.region,
    repositoryName: state.repositoryName,
  };
  if (!evaluation.compliant) {
    const write = evaluation.remediation;
    if (write?.action !== 'ecr:PutLifecyclePolicy' || !deps.standard.lifecycle.protectInUse) return;
    const check = await checkPolicyInUse(target, write.lifecyclePolicyText, deps);
    if (check.safe) return;
    evaluations.set('lifecycle', {
      compliant: false,
      reason: `${evaluation.reason}; not remediated: the standard policy ${refusal(check)}`,
    });
    return;
  }
  if (!deps.auditCurrentPolicy || state.lifecyclePolicyText === undefined) return;
  const check = await checkPolicyInUse(target, state.lifecyclePolicyText, deps);
  if (check.safe) return;
  evaluations.set('lifecycle', {
    compliant: false,
    reason: `the current lifecycle policy ${refusal(check)}`,
  });
}
