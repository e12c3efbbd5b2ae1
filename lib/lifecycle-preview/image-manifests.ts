import { BatchGetImageCommand } from '@aws-sdk/client-ecr';
import type { AccountRegion } from '#lib/aws/client-factory.ts';
import { toAwsCallError } from '#lib/aws/translate-error.ts';
import type { EcrSender } from '#lib/controls/fact.ts';
import { type ManifestBlobs, manifestBlobs } from '#lib/lifecycle/index.ts';

/** `BatchGetImage` takes at most 100 image ids. */
const BATCH_GET_IMAGE_MAX = 100;

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
  ecr: EcrSender,
  repositoryName: string,
  digests: readonly string[],
  target: AccountRegion,
): Promise<Map<string, ManifestBlobs>> {
  const manifests = new Map<string, ManifestBlobs>();
  for (let i = 0; i < digests.length; i += BATCH_GET_IMAGE_MAX) {
    const imageIds = digests
      .slice(i, i + BATCH_GET_IMAGE_MAX)
      .map((imageDigest) => ({ imageDigest }));
    try {
      const out = await ecr.send(
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
      throw toAwsCallError(error, { operation: 'ecr:BatchGetImage', ...target });
    }
  }
  return manifests;
}
