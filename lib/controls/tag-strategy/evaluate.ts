import type { LifecycleImage } from '#lib/lifecycle/index.ts';
import { matchesWildcard } from '#lib/text/wildcard.ts';
import type { ControlEvaluation, RepositoryState } from '../control.ts';
import { TAG_KINDS, type TagStrategyConfig } from './config.ts';

/** How many offending images a reason names; the others are counted. */
const LISTED = 5;

/**
 * Whether a tag is one `tagStrategy.allowed` accepts: by kind (`semver`, `git-sha`, `date`)
 * or by literal or wildcard.
 *
 * @example
 * ```ts
 * isAllowedTag('v1.2.3', ['semver']); // true
 * isAllowedTag('release-7', ['release-*']); // true
 * ```
 */
export function isAllowedTag(tag: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) =>
    entry in TAG_KINDS
      ? TAG_KINDS[entry as keyof typeof TAG_KINDS].test(tag)
      : matchesWildcard(entry, tag),
  );
}

/**
 * The newest `tagStrategy.sampleImages` tagged images (by `imagePushedAt`, of the repository's
 * images as `DescribeImages` lists them: the `images` fact the lifecycle guard reads too) each
 * carry at least one tag of the strategy (`tagStrategy.allowed`); the images that carry none
 * are listed. Untagged images are the lifecycle policy's business, not judged here. Report only.
 *
 * @example
 * ```ts
 * evaluateTagStrategy({ ...state, images: [{ imageDigest, imageTags: ['x7k2q'], imagePushedAt, sizeBytes, imageStatus: 'ACTIVE' }] }, config);
 * // → { compliant: false, reason: '1 of the 1 newest images carries no allowed tag: sha256:…(x7k2q) …' }
 * ```
 */
export function evaluateTagStrategy(
  state: RepositoryState & { images: readonly LifecycleImage[] },
  config: TagStrategyConfig,
): ControlEvaluation<never> {
  const tagged = state.images.filter((image) => image.imageTags.length > 0);
  const sample = [...tagged]
    .sort((a, b) => b.imagePushedAt.getTime() - a.imagePushedAt.getTime())
    .slice(0, config.sampleImages);
  const offending = sample.filter(
    (image) => !image.imageTags.some((tag) => isAllowedTag(tag, config.allowed)),
  );
  if (offending.length === 0) return { compliant: true };
  const listed = offending
    .slice(0, LISTED)
    .map((image) => `${image.imageDigest.slice(0, 19)}… (${image.imageTags.join(', ')})`);
  const more = offending.length > LISTED ? ` and ${offending.length - LISTED} more` : '';
  const carry = offending.length === 1 ? 'carries' : 'carry';
  return {
    compliant: false,
    reason: `${offending.length} of the ${sample.length} newest images ${carry} no allowed tag (tagStrategy.allowed: ${config.allowed.join(', ')}): ${listed.join(', ')}${more}`,
  };
}
