/**
 * An image of a repository as the lifecycle evaluator sees it: what `DescribeImages` says of
 * it, reduced to what ECR's lifecycle rules read.
 */

/** `DescribeImages`' `imageStatus`: `ACTIVE` is standard storage, `ARCHIVED` the archive. */
export const IMAGE_STATUSES = ['ACTIVE', 'ARCHIVED', 'ACTIVATING'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export interface LifecycleImage {
  imageDigest: string;
  /** Empty for an untagged image. */
  imageTags: string[];
  imagePushedAt: Date;
  /** `imageSizeInBytes`: the image's compressed layers, shared layers counted in each image. */
  sizeBytes: number;
  /** `lastRecordedPullTime`; absent when ECR never recorded a pull. */
  lastRecordedPullTime?: Date;
  /**
   * `ACTIVE` (standard storage), `ARCHIVED`, or `ACTIVATING` (being restored from the
   * archive: no rule of either storage class selects it until it is active again).
   */
  imageStatus: ImageStatus;
  /** `lastArchivedAt`: when it last moved to the archive. */
  lastArchivedAt?: Date;
  /** `lastActivatedAt`: when it was last restored from the archive. */
  lastActivatedAt?: Date;
}

/** The storage class a rule's `selection.storageClass` would select the image by. */
export function storageClassOf(image: LifecycleImage): 'standard' | 'archive' | undefined {
  if (image.imageStatus === 'ACTIVE') return 'standard';
  if (image.imageStatus === 'ARCHIVED') return 'archive';
  return undefined;
}
