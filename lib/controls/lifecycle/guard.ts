import { AwsCallError } from '#lib/aws/errors.ts';
import {
  checkPolicyInUse,
  describeInUseVerdict,
  type LifecycleImage,
  type PolicyInUseCheck,
  repositoryStorage,
} from '#lib/lifecycle/index.ts';
import type { ControlGuard, GuardFinding, GuardInput, RepositoryState } from '../control.ts';
import type { LifecycleConfig } from './config.ts';
import { imagesFact } from './images-fact.ts';
import { readImagesInUse } from './in-use/images-in-use.ts';
import { IN_USE_FACTS } from './in-use/in-use-facts.ts';
import type { PutLifecyclePolicy } from './put-lifecycle-policy.ts';

type State = RepositoryState & { lifecyclePolicyText: string | undefined };
type Input = GuardInput<LifecycleConfig, State, PutLifecyclePolicy>;

/** Why a policy is refused: what it would do, or why that is not known. */
function refusal(check: Exclude<PolicyInUseCheck, { safe: true }>, policy: string): string {
  return 'unevaluable' in check ? check.unevaluable : `${policy} ${describeInUseVerdict(check)}`;
}

/**
 * Whether the policy text is safe for the images in use, a refused read of the images (a
 * member role without ecr:DescribeImages) being a reason not to write, like a refused read of
 * what runs: the other controls go on. A failure that can pass is thrown, so the event or
 * the sweep is tried again.
 */
async function checkText(input: Input, policyText: string): Promise<PolicyInUseCheck> {
  const { state, config, read, now } = input;
  try {
    return await checkPolicyInUse(state.repository.repositoryName, policyText, {
      images: () => read(imagesFact),
      imagesInUse: () =>
        readImagesInUse(read, {
          sources: config.inUseSources,
          windowDays: config.inUseWindowDays,
          now,
        }),
      now,
    });
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
 * The lifecycle control's protection of images in use, and its audit:
 * - before a policy is attached or replaced (planned or made), with `protectInUse`: a policy
 *   that would expire or archive an image in use, or anything while what is in use is
 *   unknown, is not written; the control reports a violation naming the images and their
 *   users. The images are read (`DescribeImages`) only then, what runs only when the policy
 *   would expire something;
 * - in an audit with `auditImages`: the repository's storage, what the standard policy would
 *   free, and its *current* policy judged against the images in use (a latent outage is a
 *   violation, with the images named).
 *
 * @example
 * ```ts
 * const finding = await lifecycleGuard.check({ state, config, write, audit: false, read, now });
 * finding.holdWrite; // 'not remediated: the standard policy would expire or archive 1 image(s) in use: …'
 * ```
 */
export const lifecycleGuard: ControlGuard<LifecycleConfig, State, PutLifecyclePolicy> = {
  reads: [imagesFact, ...Object.values(IN_USE_FACTS)],
  applies(config, { write, audit }) {
    return (write !== undefined && config.protectInUse) || (audit && config.auditImages);
  },
  async check(input) {
    const { write, audit, config, state, read, now } = input;
    const finding: GuardFinding = {};
    if (write !== undefined && config.protectInUse) {
      const check = await checkText(input, write.lifecyclePolicyText);
      if (!check.safe)
        finding.holdWrite = `not remediated: ${refusal(check, 'the standard policy')}`;
    }
    if (audit && config.auditImages) {
      const images: readonly LifecycleImage[] = await read(imagesFact);
      finding.storage = repositoryStorage(images, config.policy, now);
      // The current policy stays when nothing is written: will it expire an image in use?
      if (write === undefined && state.lifecyclePolicyText !== undefined) {
        const check = await checkText(input, state.lifecyclePolicyText);
        if (!check.safe) finding.violation = refusal(check, 'the current lifecycle policy');
      }
    }
    return finding;
  },
};
