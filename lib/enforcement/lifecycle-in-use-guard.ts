import { AwsCallError } from '#lib/aws/index.ts';
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

/** Why a policy is refused: what it would do, or why that is not known. */
function refusal(check: Exclude<PolicyInUseCheck, { safe: true }>, policy: string): string {
  return 'unevaluable' in check ? check.unevaluable : `${policy} ${describeInUseVerdict(check)}`;
}

/**
 * The check, with a refused read of the images (a member role without ecr:DescribeImages)
 * as a reason not to write, like a refused read of what runs: the other controls go on.
 * A retryable failure is thrown, so the event or the sweep is tried again.
 */
async function check(
  target: { account: string; region: string; repositoryName: string },
  policyText: string,
  deps: LifecycleInUseGuardDeps,
): Promise<PolicyInUseCheck> {
  try {
    return await checkPolicyInUse(target, policyText, deps);
  } catch (error) {
    if (error instanceof AwsCallError && !error.retryable) {
      return {
        safe: false,
        unevaluable: `the repository's images could not be read (${error.message}): unknown is not safe`,
      };
    }
    throw error;
  }
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
    const result = await check(target, write.lifecyclePolicyText, deps);
    if (result.safe) return;
    evaluations.set('lifecycle', {
      compliant: false,
      reason: `${evaluation.reason}; not remediated: ${refusal(result, 'the standard policy')}`,
    });
    return;
  }
  if (!deps.auditCurrentPolicy || state.lifecyclePolicyText === undefined) return;
  const result = await check(target, state.lifecyclePolicyText, deps);
  if (result.safe) return;
  evaluations.set('lifecycle', {
    compliant: false,
    reason: refusal(result, 'the current lifecycle policy'),
  });
}
