import { evaluateLifecyclePolicy } from './evaluate-lifecycle-policy.ts';
import type { LifecycleImage } from './lifecycle-image.ts';
import type { LifecyclePolicy } from './lifecycle-policy.ts';

/** What a repository stores, and what a lifecycle policy would free of it now. */
export interface RepositoryStorage {
  images: number;
  /** Summed `imageSizeInBytes` (shared layers counted in each image). */
  bytes: number;
  /** Summed size of the images the policy would expire now. */
  freedBytes: number;
}

/**
 * A repository's storage figures: its images and bytes, and the bytes `policy` would free by
 * expiring images now (an archived image still takes storage, so a transition frees nothing
 * here).
 *
 * @example
 * ```ts
 * repositoryStorage(images, standard.lifecycle.policy, new Date());
 * // { images: 14, bytes: 590000000, freedBytes: 130000000 }
 * ```
 */
export function repositoryStorage(
  images: readonly LifecycleImage[],
  policy: LifecyclePolicy,
  now: Date,
): RepositoryStorage {
  const expiring = new Set(
    evaluateLifecyclePolicy(policy, images, now)
      .filter((d) => d.action === 'expire')
      .map((d) => d.imageDigest),
  );
  return {
    images: images.length,
    bytes: images.reduce((sum, i) => sum + i.sizeBytes, 0),
    freedBytes: images
      .filter((i) => expiring.has(i.imageDigest))
      .reduce((sum, i) => sum + i.sizeBytes, 0),
  };
}
