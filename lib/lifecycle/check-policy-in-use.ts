import { LifecyclePolicySchema } from '#lib/standard/index.ts';
import { evaluateLifecyclePolicy } from './evaluate-lifecycle-policy.ts';
import type { InUseSource } from './in-use-source.ts';
import type { LifecycleImage } from './lifecycle-image.ts';
import { type InUseVerdict, protectInUse } from './protect-in-use.ts';

export interface CheckPolicyInUseDeps {
  /** Every image of the repository (`DescribeImages`). */
  listImages(repositoryName: string): Promise<LifecycleImage[]>;
  /** What is in use; absent: unknown (and so not safe) whenever anything would go. */
  inUse: InUseSource | undefined;
  now: () => Date;
}

/** A verdict, or why the policy could not be evaluated at all. */
export type PolicyInUseCheck = InUseVerdict | { safe: false; unevaluable: string };

/**
 * Would this lifecycle policy text, attached to this repository now, expire or archive an
 * image in use? Reads the images, evaluates the policy, and reads what is in use only when
 * something would go (a repository whose images all stay costs one `DescribeImages`).
 *
 * @example
 * ```ts
 * const check = await checkPolicyInUse({ account, region, repositoryName }, policyText, deps);
 * if (!check.safe) refuse(check);
 * ```
 */
export async function checkPolicyInUse(
  target: { account: string; region: string; repositoryName: string },
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
  const images = await deps.listImages(target.repositoryName);
  const decisions = evaluateLifecyclePolicy(policy.data, images, deps.now());
  if (decisions.every((d) => d.action === 'keep')) return { safe: true };
  const inUse =
    deps.inUse === undefined
      ? { unknown: 'no in-use source is configured for this run' }
      : await deps.inUse.imagesInUse(target);
  return protectInUse({ repositoryName: target.repositoryName, images, decisions, inUse });
}
