/**
 * `aws.ecr` · `ECR Image Action` details.
 *
 * @module
 */
import * as z from 'zod';
import { ImageDigestSchema, ImageTagSchema, RepositoryNameSchema } from './primitives.ts';

/**
 * What every image action says it is. Read first, so that actions ecr-guard does not act on
 * (`DELETE`, `UPDATE_STORAGE_CLASS`, a failed push, …) are ignored whatever else they carry.
 */
export const EcrImageActionSchema = z.object({
  'action-type': z.string().min(1),
  result: z.string().min(1),
});

/**
 * A successful push, the one image action ecr-guard acts on.
 *
 * `image-tag` is absent from some actions (archival) and would be empty for a push by
 * digest; an empty tag is read as no tag.
 */
export const EcrImagePushSchema = EcrImageActionSchema.extend({
  'repository-name': RepositoryNameSchema,
  'image-digest': ImageDigestSchema,
  'image-tag': z.union([z.literal(''), ImageTagSchema]).nullish(),
});
export type EcrImagePush = z.infer<typeof EcrImagePushSchema>;
