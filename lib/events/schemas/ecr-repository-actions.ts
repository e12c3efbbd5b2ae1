/**
 * `aws.ecr` events about repositories ECR created or changed by itself: `ECR Pull Through
 * Cache Action`, `ECR Replication Action`, `ECR Scan Resource Change` (ECR User Guide,
 * "Amazon ECR events and EventBridge").
 *
 * @module
 */
import * as z from 'zod';
import {
  AccountIdSchema,
  ImageDigestSchema,
  ImageTagSchema,
  RegionSchema,
  RepositoryNameSchema,
} from './primitives.ts';

/** What every pull-through cache action says it is: read first, so a failed sync is ignored. */
export const EcrPullThroughCacheStatusSchema = z.object({
  'sync-status': z.string().min(1),
});

/** A pull-through cache sync: ECR created the repository, or filled it, from the upstream. */
export const EcrPullThroughCacheActionSchema = EcrPullThroughCacheStatusSchema.extend({
  'ecr-repository-prefix': z.string().min(1),
  'repository-name': RepositoryNameSchema,
  'upstream-registry-url': z.string().min(1).nullish(),
  'image-tag': z.union([z.literal(''), ImageTagSchema]).nullish(),
  'image-digest': ImageDigestSchema.nullish(),
});
export type EcrPullThroughCacheAction = z.infer<typeof EcrPullThroughCacheActionSchema>;

/** What every replication action says it is. */
export const EcrReplicationStatusSchema = z.object({
  'action-type': z.string().min(1),
  result: z.string().min(1),
});

/** An image replicated into this account and region (or its failure). */
export const EcrReplicationActionSchema = EcrReplicationStatusSchema.extend({
  'repository-name': RepositoryNameSchema,
  'image-digest': ImageDigestSchema,
  'image-tag': z.union([z.literal(''), ImageTagSchema]).nullish(),
  'source-account': AccountIdSchema,
  'source-region': RegionSchema,
});
export type EcrReplicationAction = z.infer<typeof EcrReplicationActionSchema>;

/** What every scan resource change says it is. */
export const EcrScanResourceChangeKindSchema = z.object({
  'action-type': z.string().min(1),
  'resource-type': z.string().min(1),
});

/** The repositories whose scan frequency changed (enhanced scanning). */
export const EcrScanResourceChangeSchema = EcrScanResourceChangeKindSchema.extend({
  'scan-type': z.string().min(1).nullish(),
  repositories: z
    .array(
      z.object({
        'repository-name': RepositoryNameSchema,
        'repository-arn': z.string().min(1).nullish(),
        'scan-frequency': z.string().min(1).nullish(),
        'previous-scan-frequency': z.string().min(1).nullish(),
      }),
    )
    .min(1, { error: 'expected at least one repository' })
    .max(1000, { error: 'expected at most 1000 repositories' }),
});
export type EcrScanResourceChange = z.infer<typeof EcrScanResourceChangeSchema>;
