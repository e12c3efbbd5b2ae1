import { DescribeImagesCommand, RepositoryNotFoundException } from '@aws-sdk/client-ecr';
import { RepositoryNotFoundError } from '#lib/aws/errors.ts';
import { defineRepositoryFact } from '../fact.ts';
import { IMAGES_PAGE_SIZE } from './images-page-size.ts';

/** A tagged image, as the controls judge it. */
export interface RecentImage {
  imageDigest: string;
  imageTags: string[];
  /** ISO-8601. */
  imagePushedAt: string;
}

/** The repository's tagged images of one `DescribeImages` page, newest first. */
export interface RecentImages {
  images: RecentImage[];
  /**
   * The repository holds more tagged images than one page: ECR returns images in no order,
   * so the newest of this page may not be the repository's newest.
   */
  truncated: boolean;
}

/**
 * The repository's tagged images: one `DescribeImages` page of up to 1,000 (`tagStatus:
 * TAGGED`), sorted newest first. One read shared by every control that judges recent images
 * (the engine reads a fact once, whoever declares it).
 */
export const recentImagesFact = defineRepositoryFact({
  name: 'recentImages',
  actions: ['ecr:DescribeImages'],
  async read({ ecr }, { repositoryName }): Promise<RecentImages> {
    try {
      const out = await ecr.send(
        new DescribeImagesCommand({
          repositoryName,
          filter: { tagStatus: 'TAGGED' },
          maxResults: IMAGES_PAGE_SIZE,
        }),
      );
      const images = (out.imageDetails ?? []).flatMap((detail) =>
        detail.imageDigest === undefined
          ? []
          : [
              {
                imageDigest: detail.imageDigest,
                imageTags: detail.imageTags ?? [],
                imagePushedAt: (detail.imagePushedAt ?? new Date(0)).toISOString(),
              },
            ],
      );
      images.sort((a, b) => b.imagePushedAt.localeCompare(a.imagePushedAt));
      return { images, truncated: out.nextToken !== undefined };
    } catch (error) {
      if (error instanceof RepositoryNotFoundException) {
        throw new RepositoryNotFoundError(repositoryName, 'ecr:DescribeImages', { cause: error });
      }
      throw error;
    }
  },
});
