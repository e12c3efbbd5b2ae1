import {
  DescribeImagesCommand,
  type DescribeImagesCommandOutput,
  type ImageDetail,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { RepositoryNotFoundError } from '#lib/aws/errors.ts';
import type { LifecycleImage } from '#lib/lifecycle/index.ts';
import { defineRepositoryFact } from '../fact.ts';

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
 * Every image of the repository, archived ones included (`DescribeImages` lists only active
 * images unless asked for `imageStatus: ANY`), all pages of 1,000. Not among the lifecycle
 * control's `reads`: its guard reads it only when a lifecycle policy is about to be written
 * (or in an audit with `lifecycle.auditImages`), so a compliant repository never pays for it.
 */
export const imagesFact = defineRepositoryFact({
  name: 'images',
  actions: ['ecr:DescribeImages'],
  async read({ ecr }, { repositoryName }): Promise<LifecycleImage[]> {
    const images: LifecycleImage[] = [];
    let nextToken: string | undefined;
    do {
      let page: DescribeImagesCommandOutput;
      try {
        page = await ecr.send(
          new DescribeImagesCommand({
            repositoryName,
            filter: { imageStatus: 'ANY' },
            maxResults: 1000,
            nextToken,
          }),
        );
      } catch (error) {
        if (error instanceof RepositoryNotFoundException) {
          throw new RepositoryNotFoundError(repositoryName, 'ecr:DescribeImages', { cause: error });
        }
        throw error;
      }
      for (const detail of page.imageDetails ?? []) {
        const image = toLifecycleImage(detail);
        if (image !== undefined) images.push(image);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return images;
  },
});
