import { evaluateLifecyclePolicy } from './evaluate-lifecycle-policy.ts';
import type { LifecycleImage } from './lifecycle-image.ts';
import { LifecyclePolicySchema } from './lifecycle-policy.ts';
import { type InUseState, type InUseVerdict, protectInUse } from './protect-in-use.ts';

export interface CheckPolicyInUseDeps {
  /** Every image of the repository (`DescribeImages`, all pages). */
  images(): Promise<readonly LifecycleImage[]>;
  /** What is in use in the repository's account and region, or why it is unknown. */
  imagesInUse(): Promise<InUseState>;
  now: Date;
}

/** A verdict, or why the policy could not be evaluated at all. */
export type PolicyInUseCheck = InUseVerdict | { safe: false; unevaluable: string };

/**
 * Would this lifecycle policy text, attached to this repository now, expire or archive an
 * image in use? Reads the images, evaluates the policy, and asks what is in use only when
 * something would go (a repository whose images all stay costs the images' read alone).
 *
 * @example
 * ```ts
 * const check = await checkPolicyInUse('payments-api', policyText, { images, imagesInUse, now });
 * if (!check.safe) refuse(check);
 * ```
 */
export async function checkPolicyInUse(
  repositoryName: string,
  policyText: string,
  deps: CheckPolicyInUseDeps,
): Promise<PolicyInUseCheck> {
  let json: unknown;
  try {
    json = JSON.parse(policyText);
  } catch {
    return { safe: false, unevaluable: 'the lifecycle policy is not JSON' };
  }
  const policy = LifecyclePolicySchema.safeParse(json);
  if (!policy.success) {
    const first = policy.error.issues[0];
    return {
      safe: false,
      unevaluable: `the lifecycle policy is not one ecr-guard can evaluate (${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'})`,
    };
  }
  const images = await deps.images();
  const decisions = evaluateLifecyclePolicy(policy.data, images, deps.now);
  if (decisions.every((d) => d.action === 'keep')) return { safe: true };
  return protectInUse({ repositoryName, images, decisions, inUse: await deps.imagesInUse() });
}
