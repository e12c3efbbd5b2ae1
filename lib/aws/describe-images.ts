import {
  type ECRClient,
  type ImageDetail,
  paginateDescribeImages,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';
import { RepositoryNotFoundError } from './errors.ts';
import { toAwsCallError } from './translate-error.ts';

/** Where the calls act, for their errors. */
export interface Where {
  account: string;
  region: string;
}

function toLifecycleImage(detail: ImageDetail): LifecycleImage | undefined {
  if (detail.imageDigest === undefined || detail.imagePushedAt === undefined) return undefined;
  const status = detail.imageStatus;
  return {
    imageDigest: detail.imageDigest,
    imageTags: detail.imageTags ?? [],
    imagePushedAt: detail.imagePushedAt,
    sizeBytes: detail.imageSizeInBytes ?? 0,
    imageStatus: status === 'ARCHIVED' || status === 'ACTIVATING' ? status : 'ACTIVE',
    ...(detail.lastRecordedPullTime === undefined
      ? {}
      : { lastRecordedPullTime: detail.lastRecordedPullTime }),
    ...(detail.lastArchivedAt === undefined ? {} : { lastArchivedAt: detail.lastArchivedAt }),
    ...(detail.lastActivatedAt === undefined ? {} : { lastActivatedAt: detail.lastActivatedAt }),
  };
}

/**
 * Every image of a repository, archived ones included (`DescribeImages` returns only active
 * images unless asked for `imageStatus: ANY`), all pages of 1,000.
 *
 * @throws {RepositoryNotFoundError} when the repository is gone; {@link AwsCallError} else.
 * @example
 * ```ts
 * const images = await describeAllImages(ecr, 'payments-api', { account, region });
 * ```
 */
export async function describeAllImages(
  client: ECRClient,
  repositoryName: string,
  where: Where,
): Promise<LifecycleImage[]> {
  const images: LifecycleImage[] = [];
  try {
    const pages = paginateDescribeImages(
      { client, pageSize: 1000 },
      { repositoryName, filter: { imageStatus: 'ANY' } },
    );
    for await (const page of pages) {
      for (const detail of page.imageDetails ?? []) {
        const image = toLifecycleImage(detail);
        if (image !== undefined) images.push(image);
      }
    }
  } catch (error) {
    if (error instanceof RepositoryNotFoundException) {
      throw new RepositoryNotFoundError(repositoryName, 'ecr:DescribeImages', { cause: error });
    }
    throw toAwsCallError(error, { operation: 'ecr:DescribeImages', ...where });
  }
  return images;
}
