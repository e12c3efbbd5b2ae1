import {
  BatchGetImageCommand,
  type ECRClient,
  type ImageDetail,
  ListPullTimeUpdateExclusionsCommand,
  paginateDescribeImages,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';
import { type ManifestBlobs, manifestBlobs } from '#lib/lifecycle/index.ts';
import { RepositoryNotFoundError } from './errors.ts';
import { toAwsCallError } from './translate-error.ts';

/** Where the calls act, for their errors. */
interface Where {
  account: string;
  region: string;
}

/** `BatchGetImage` takes at most 100 image ids. */
const BATCH_GET_IMAGE_MAX = 100;

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

/**
 * The blobs (config and layers) of each image's manifest, by digest (`BatchGetImage`, 100
 * at a time). Reading a manifest is a pull: ECR records it as the image's last pull unless
 * the caller is in the registry's pull-time update exclusions. An image whose manifest
 * cannot be read or sized is left out.
 *
 * @example
 * ```ts
 * const manifests = await readImageManifests(ecr, 'payments-api', digests, { account, region });
 * ```
 */
export async function readImageManifests(
  client: ECRClient,
  repositoryName: string,
  digests: readonly string[],
  where: Where,
): Promise<Map<string, ManifestBlobs>> {
  const manifests = new Map<string, ManifestBlobs>();
  for (let i = 0; i < digests.length; i += BATCH_GET_IMAGE_MAX) {
    const imageIds = digests
      .slice(i, i + BATCH_GET_IMAGE_MAX)
      .map((imageDigest) => ({ imageDigest }));
    try {
      const out = await client.send(
        new BatchGetImageCommand({
          repositoryName,
          imageIds,
          acceptedMediaTypes: [
            'application/vnd.docker.distribution.manifest.v2+json',
            'application/vnd.oci.image.manifest.v1+json',
            'application/vnd.docker.distribution.manifest.list.v2+json',
            'application/vnd.oci.image.index.v1+json',
          ],
        }),
      );
      for (const image of out.images ?? []) {
        const digest = image.imageId?.imageDigest;
        if (digest === undefined || image.imageManifest === undefined) continue;
        const blobs = manifestBlobs(digest, image.imageManifest);
        if (blobs !== undefined) manifests.set(digest, blobs);
      }
    } catch (error) {
      throw toAwsCallError(error, { operation: 'ecr:BatchGetImage', ...where });
    }
  }
  return manifests;
}

/**
 * The principals whose pulls do not update the images' pull time (all pages).
 *
 * @example
 * ```ts
 * const excluded = await listPullTimeExclusions(ecr, { account, region });
 * ```
 */
export async function listPullTimeExclusions(client: ECRClient, where: Where): Promise<string[]> {
  const principals: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const out = await client.send(
        new ListPullTimeUpdateExclusionsCommand({
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      principals.push(...(out.pullTimeUpdateExclusions ?? []));
      nextToken = out.nextToken;
    } while (nextToken !== undefined);
  } catch (error) {
    throw toAwsCallError(error, { operation: 'ecr:ListPullTimeUpdateExclusions', ...where });
  }
  return principals;
}
