/**
 * Field schemas shared by every event detail: strict where a wrong value would send ecr-guard
 * to the wrong account, region or repository, liberal where AWS's own samples vary.
 *
 * @module
 */
import * as z from 'zod';

/** An AWS account id: exactly 12 digits. */
export const AccountIdSchema = z
  .string()
  .regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id' });

/**
 * A commercial, China or GovCloud region name such as `us-east-1`, `eu-north-1` or
 * `us-gov-west-1`.
 */
export const RegionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'expected an AWS region like us-east-1' });

/** ECR's own rule for repository names (API reference, `repositoryName` pattern). */
export const REPOSITORY_NAME_PATTERN =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** An ECR repository name: 2–256 characters, lowercase, `/`-separated path components. */
export const RepositoryNameSchema = z
  .string()
  .min(2, { error: 'expected an ECR repository name of 2 to 256 characters' })
  .max(256, { error: 'expected an ECR repository name of 2 to 256 characters' })
  .regex(REPOSITORY_NAME_PATTERN, {
    error: 'expected an ECR repository name (lowercase letters, digits, . _ - separators, /)',
  });

/**
 * An image digest. AWS's published samples shorten digests and end them with `EXAMPLE`, and
 * one (replication) even holds non-hex letters, so any `sha256:` + 32–128 letters or digits
 * is accepted: the digest is only passed back to ECR or Inspector, never interpreted.
 */
export const ImageDigestSchema = z.string().regex(/^sha256:[A-Za-z0-9]{32,128}$/, {
  error: 'expected an image digest like sha256:<hex>',
});

/** An image tag as ECR limits it (1–300 characters). */
export const ImageTagSchema = z.string().min(1).max(300);

/**
 * An ISO-8601 timestamp with seconds, optional fraction and a `Z` or numeric offset.
 *
 * Only the form is checked, not the calendar: AWS's pull-through cache sample is dated
 * `2023-02-29`, which `z.iso.datetime()` (and so Powertools' `EventBridgeSchema`) rejects.
 */
export const TimestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/, {
    error: 'expected an ISO-8601 timestamp like 2019-11-16T02:01:05Z',
  });

/**
 * `finding-severity-counts` as ECR and Inspector send it: severity name → count. Keys are
 * kept as given (a severity with no finding is usually absent); they are mapped to ecr-guard's
 * severities by `toSeverityCounts`.
 */
export const FindingSeverityCountsSchema = z.record(z.string(), z.number().int().nonnegative());
