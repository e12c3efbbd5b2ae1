import { matchesWildcard } from '#lib/text/wildcard.ts';
import { type LifecycleImage, storageClassOf } from './lifecycle-image.ts';
import type { LifecycleRule } from './lifecycle-policy.ts';

/**
 * Whether a rule's selection (storage class and tagging requirements) takes in an image,
 * before its count is applied: ECR's "identifies". An image a rule identifies is never acted
 * on by a rule with a higher priority number.
 *
 * - `storageClass` (default `standard`): the rule sees only images of that class;
 * - `tagStatus any`: every image; `untagged`: images without a tag; `tagged`: images with a
 *   tag for *every* entry of `tagPrefixList` (prefix) or `tagPatternList` (`*` wildcards,
 *   the whole tag) — all of them, not any of them.
 *
 * @example
 * ```ts
 * ruleSelects(rule, { ...image, imageTags: ['alpha-2', 'beta-2'] }); // tagPrefixList [alpha, beta]: true
 * ```
 */
export function ruleSelects(rule: LifecycleRule, image: LifecycleImage): boolean {
  const { selection } = rule;
  if (storageClassOf(image) !== (selection.storageClass ?? 'standard')) return false;
  const tags = image.imageTags;
  switch (selection.tagStatus) {
    case 'any':
      return true;
    case 'untagged':
      return tags.length === 0;
    case 'tagged': {
      if (tags.length === 0) return false;
      const prefixes = selection.tagPrefixList;
      if (prefixes !== undefined) {
        return prefixes.every((prefix) => tags.some((tag) => tag.startsWith(prefix)));
      }
      const patterns = selection.tagPatternList ?? [];
      return patterns.every((pattern) => tags.some((tag) => matchesWildcard(pattern, tag)));
    }
  }
}
