import type { CostSettings, LifecyclePolicy } from '#lib/standard/index.ts';
import { evaluateLifecyclePolicy } from './evaluate-lifecycle-policy.ts';
import type { LifecycleImage } from './lifecycle-image.ts';
import { monthlyStorageCost, storagePriceFor } from './storage-cost.ts';

/** What a repository stores, and what the standard lifecycle policy would free now. */
export interface RepositoryStorage {
  images: number;
  /** Summed `imageSizeInBytes` (shared layers counted in each image). */
  bytes: number;
  /** Summed size of the images the standard policy would expire now. */
  freedByStandardBytes: number;
  /** Their monthly storage cost, at the region's price. */
  freedByStandardMonthlyCost: number;
  currency: string;
}

/**
 * A repository's storage figures for the reports.
 *
 * @example
 * ```ts
 * repositoryStorage(images, standard.lifecycle.policy, standard.cost, 'eu-west-1', new Date());
 * // { images: 14, bytes: 590000000, freedByStandardBytes: 130000000, … }
 * ```
 */
export function repositoryStorage(
  images: readonly LifecycleImage[],
  policy: LifecyclePolicy,
  cost: CostSettings,
  region: string,
  now: Date,
): RepositoryStorage {
  const expiring = new Set(
    evaluateLifecyclePolicy(policy, images, now)
      .filter((d) => d.action === 'expire')
      .map((d) => d.imageDigest),
  );
  const freed = images
    .filter((i) => expiring.has(i.imageDigest))
    .reduce((sum, i) => sum + i.sizeBytes, 0);
  const price = storagePriceFor(cost, region);
  return {
    images: images.length,
    bytes: images.reduce((sum, i) => sum + i.sizeBytes, 0),
    freedByStandardBytes: freed,
    freedByStandardMonthlyCost: monthlyStorageCost(freed, price),
    currency: price.currency,
  };
}
