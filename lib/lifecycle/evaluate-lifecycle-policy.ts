import type { ImageDecision } from './lifecycle-decision.ts';
import type { LifecycleImage } from './lifecycle-image.ts';
import type { LifecyclePolicy, LifecycleRule } from './lifecycle-policy.ts';
import { ruleSelects } from './rule-selection.ts';

const DAY_MS = 86_400_000;

/**
 * The time ECR orders and ages an image by: its push, or its last restore from the archive
 * ("If an image was archived and then restored at any point in the past, the image's
 * `last_activated_at` is used instead of `pushed_at_time`").
 */
function pushedOrActivatedAt(image: LifecycleImage): number {
  return (image.lastActivatedAt ?? image.imagePushedAt).getTime();
}

/**
 * What `sinceImagePulled` measures from: the last recorded pull; the push when it was never
 * pulled; the restore when it was restored and not pulled since.
 */
function lastPulledAt(image: LifecycleImage): number {
  const pulled = image.lastRecordedPullTime?.getTime();
  const activated = image.lastActivatedAt?.getTime();
  if (activated !== undefined && (pulled === undefined || pulled < activated)) return activated;
  return pulled ?? image.imagePushedAt.getTime();
}

/** Newest first; equal times (ECR documents no order for them) by digest, so the result never depends on the listing order. */
function newestFirst(a: LifecycleImage, b: LifecycleImage): number {
  const byTime = pushedOrActivatedAt(b) - pushedOrActivatedAt(a);
  if (byTime !== 0) return byTime;
  return a.imageDigest < b.imageDigest ? 1 : a.imageDigest > b.imageDigest ? -1 : 0;
}

/** The images a rule's count criterion picks among those it selects. */
function countPicks(
  rule: LifecycleRule,
  selected: LifecycleImage[],
  now: number,
): LifecycleImage[] {
  const { countType, countNumber } = rule.selection;
  const olderThan = (time: number | undefined): boolean =>
    time !== undefined && now - time > countNumber * DAY_MS;
  switch (countType) {
    case 'imageCountMoreThan':
      return [...selected].sort(newestFirst).slice(countNumber);
    case 'sinceImagePushed':
      return selected.filter((image) => olderThan(pushedOrActivatedAt(image)));
    case 'sinceImagePulled':
      return selected.filter((image) => olderThan(lastPulledAt(image)));
    case 'sinceImageTransitioned':
      return selected.filter((image) => olderThan(image.lastArchivedAt?.getTime()));
  }
}

/**
 * What ECR would do to each image of a repository under a lifecycle policy, and which rule
 * decides, following the ECR User Guide's evaluation rules ("Lifecycle policy evaluation
 * rules"):
 *
 * - rules apply in `rulePriority` order, lowest first; an image is acted on by one rule or
 *   none;
 * - a rule identifies the images its selection takes in (storage class, `tagStatus`, every
 *   listed prefix or pattern); an image identified by a rule is never expired or archived by
 *   a rule with a higher priority number, though later rules still count it;
 * - `imageCountMoreThan N` keeps the N newest identified images (by push time, or the last
 *   restore for an image restored from the archive) and acts on the rest;
 * - `sinceImagePushed`, `sinceImagePulled` (last pull, else the push or the last restore),
 *   `sinceImageTransitioned` (`lastArchivedAt`) act on images older than N days;
 * - `action.type` `transition` moves to the archive, `expire` deletes.
 *
 * Pure: the result depends on the policy, the images and `now` only, never on the order the
 * images are listed in. Returned in the order of `images`.
 *
 * @example
 * ```ts
 * const decisions = evaluateLifecyclePolicy(DEFAULT_LIFECYCLE_POLICY, images, new Date());
 * decisions.filter((d) => d.action === 'expire').map((d) => d.imageDigest);
 * ```
 */
export function evaluateLifecyclePolicy(
  policy: LifecyclePolicy,
  images: readonly LifecycleImage[],
  now: Date,
): ImageDecision[] {
  const clock = now.getTime();
  const claimedBy = new Map<string, number>();
  const acted = new Map<string, ImageDecision>();
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  for (const rule of rules) {
    const selected = images.filter((image) => ruleSelects(rule, image));
    for (const image of countPicks(rule, selected, clock)) {
      if (claimedBy.has(image.imageDigest)) continue;
      acted.set(image.imageDigest, {
        imageDigest: image.imageDigest,
        action: rule.action.type,
        rulePriority: rule.rulePriority,
      });
    }
    for (const image of selected) {
      if (!claimedBy.has(image.imageDigest)) claimedBy.set(image.imageDigest, rule.rulePriority);
    }
  }
  return images.map((image) => {
    const decision = acted.get(image.imageDigest);
    if (decision !== undefined) return { ...decision };
    const claim = claimedBy.get(image.imageDigest);
    return {
      imageDigest: image.imageDigest,
      action: 'keep',
      ...(claim === undefined ? {} : { rulePriority: claim }),
    };
  });
}
