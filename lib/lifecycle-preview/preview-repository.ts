import {
  describeInUseVerdict,
  evaluateLifecyclePolicy,
  type InUseState,
  type LifecycleImage,
  layerBytesFreed,
  type ManifestBlobs,
  type PolicyWarning,
  protectInUse,
} from '#lib/lifecycle/index.ts';
import type { LifecyclePolicy } from '#lib/lifecycle/lifecycle-policy.ts';
import { monthlyStorageCost, type StoragePrice } from '#lib/standard/cost.ts';
import type { PolicySource, PreviewImage, PreviewRepository } from './lifecycle-preview-schema.ts';

export interface PreviewRepositoryInput {
  account: string;
  region: string;
  repositoryName: string;
  team?: string;
  policySource: PolicySource;
  /** `undefined` with `policySource: 'none'`. */
  policy: LifecyclePolicy | undefined;
  warnings: readonly PolicyWarning[];
  images: readonly LifecycleImage[];
  /** The manifests of the active images, when read; else `undefined`. */
  manifests: ReadonlyMap<string, ManifestBlobs> | undefined;
  /** What runs, or why it is unknown; asked for only when something would go. */
  inUse: () => Promise<InUseState>;
  price: StoragePrice;
  now: Date;
}

/**
 * One repository's preview: what the policy would expire or archive now, what uses those
 * images, and what it frees (summed sizes, each layer once when the manifests were read, and
 * the monthly cost).
 *
 * @example
 * ```ts
 * const preview = await previewRepository({
 *   account, region, repositoryName, policySource: 'standard', policy, warnings: [], images,
 *   manifests: undefined, inUse: () => readImagesInUse(read, options), price, now,
 * });
 * preview.expiringCount; // 4
 * ```
 */
export async function previewRepository(input: PreviewRepositoryInput): Promise<PreviewRepository> {
  const { images, policy } = input;
  const decisions = policy === undefined ? [] : evaluateLifecyclePolicy(policy, images, input.now);
  const acted = decisions.filter((d) => d.action !== 'keep');
  const inUse: InUseState = acted.length === 0 ? { unknown: 'not read' } : await input.inUse();
  const verdict = protectInUse({
    repositoryName: input.repositoryName,
    images,
    decisions,
    inUse,
  });
  const byDigest = new Map(images.map((image) => [image.imageDigest, image]));
  const previewImages: PreviewImage[] = [];
  for (const decision of acted) {
    const image = byDigest.get(decision.imageDigest);
    if (image === undefined || decision.action === 'keep') continue;
    const uses = 'known' in inUse ? inUse.known.usesOf(input.repositoryName, image) : [];
    previewImages.push({
      imageDigest: image.imageDigest,
      imageTags: [...image.imageTags],
      imagePushedAt: image.imagePushedAt.toISOString(),
      ...(image.lastRecordedPullTime === undefined
        ? {}
        : { lastRecordedPullTime: image.lastRecordedPullTime.toISOString() }),
      sizeBytes: image.sizeBytes,
      action: decision.action,
      rulePriority: decision.rulePriority ?? 1,
      inUse: uses.map(({ kind, name }) => ({ kind, name })),
    });
  }
  previewImages.sort(
    (a, b) =>
      a.imagePushedAt.localeCompare(b.imagePushedAt) || a.imageDigest.localeCompare(b.imageDigest),
  );
  const expiring = previewImages.filter((i) => i.action === 'expire');
  const bytesFreed = expiring.reduce((sum, i) => sum + i.sizeBytes, 0);
  const active = images.filter((i) => i.imageStatus === 'ACTIVE').map((i) => i.imageDigest);
  const layers =
    input.manifests === undefined
      ? undefined
      : layerBytesFreed(
          new Set(expiring.map((i) => i.imageDigest).filter((d) => active.includes(d))),
          active,
          input.manifests,
        );
  const status: PreviewRepository['status'] = verdict.safe
    ? 'ok'
    : 'unknown' in verdict
      ? 'unknown'
      : 'in-use';
  return {
    account: input.account,
    region: input.region,
    repositoryName: input.repositoryName,
    ...(input.team === undefined ? {} : { team: input.team }),
    policySource: input.policySource,
    status,
    ...(verdict.safe ? {} : { reason: describeInUseVerdict(verdict) }),
    warnings: input.warnings.map((w) => ({ ...w })),
    imageCount: images.length,
    images: previewImages,
    expiringCount: expiring.length,
    transitioningCount: previewImages.length - expiring.length,
    bytesFreed,
    layerBytesFreed: layers ?? null,
    monthlyCostFreed: monthlyStorageCost(layers ?? bytesFreed, input.price),
    costBasis: layers === undefined ? 'bytesFreed' : 'layerBytesFreed',
    inUseAtRisk: previewImages.filter((i) => i.inUse.length > 0).length,
  };
}
