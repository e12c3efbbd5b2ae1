/**
 * `aws.ecr` · `ECR Image Scan` details (basic scanning).
 *
 * @module
 */
import * as z from 'zod';
import {
  FindingSeverityCountsSchema,
  ImageDigestSchema,
  ImageTagSchema,
  RepositoryNameSchema,
} from './primitives.ts';

/**
 * A completed basic scan. `finding-severity-counts` is absent from the 2019 sample and holds
 * only non-zero severities in the current one; `image-tags` may be empty.
 */
export const EcrImageScanSchema = z.object({
  'scan-status': z.string().min(1),
  'repository-name': RepositoryNameSchema,
  'image-digest': ImageDigestSchema,
  'image-tags': z.array(ImageTagSchema).nullish(),
  'finding-severity-counts': FindingSeverityCountsSchema.nullish(),
});
export type EcrImageScan = z.infer<typeof EcrImageScanSchema>;
