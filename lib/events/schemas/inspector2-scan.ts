/**
 * `aws.inspector2` · `Inspector2 Scan` details (enhanced scanning).
 *
 * @module
 */
import * as z from 'zod';
import { parseRepositoryArn, type RepositoryArn } from '../repository-arn.ts';
import { FindingSeverityCountsSchema, ImageDigestSchema, ImageTagSchema } from './primitives.ts';

/** The scan status, read first: only `INITIAL_SCAN_COMPLETE` is acted on. */
export const Inspector2ScanStatusSchema = z.object({
  'scan-status': z.string().min(1),
});

/** `arn:aws:ecr:REGION:ACCOUNT:repository/NAME`, parsed. */
export const RepositoryArnSchema = z.string().transform((arn, ctx): RepositoryArn => {
  const parsed = parseRepositoryArn(arn);
  if (parsed === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: arn,
      message:
        'expected an ECR repository ARN like arn:aws:ecr:us-east-1:123456789012:repository/name',
    });
    return z.NEVER;
  }
  return parsed;
});

/**
 * A completed initial enhanced scan. Unlike basic scanning, `repository-name` is the
 * repository ARN, and `finding-severity-counts` carries a `TOTAL` that is not a severity.
 */
export const Inspector2ScanSchema = Inspector2ScanStatusSchema.extend({
  'repository-name': RepositoryArnSchema,
  'image-digest': ImageDigestSchema,
  'image-tags': z.array(ImageTagSchema).nullish(),
  'finding-severity-counts': FindingSeverityCountsSchema.nullish(),
});
export type Inspector2Scan = z.infer<typeof Inspector2ScanSchema>;
