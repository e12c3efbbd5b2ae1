/**
 * `aws.inspector2` · `Inspector2 Finding` details (continuous scanning): a finding created,
 * updated or closed. The detail is Inspector's `Finding` object (API reference, Amazon
 * Inspector, data type `Finding`), as the two real samples in test/fixtures/events show it.
 *
 * @module
 */
import * as z from 'zod';
import {
  AccountIdSchema,
  ImageDigestSchema,
  ImageTagSchema,
  RepositoryNameSchema,
} from './primitives.ts';

/** The resource type of an ECR image finding; EC2, Lambda and code repositories have others. */
export const ECR_IMAGE_RESOURCE_TYPE = 'AWS_ECR_CONTAINER_IMAGE';

/** Read first: which kind of resource the finding is about. */
export const Inspector2FindingResourcesSchema = z.object({
  resources: z.array(z.object({ type: z.string().min(1) })).min(1),
});

/** Inspector writes timestamps in several human forms in events: only kept as given. */
const TimeTextSchema = z.union([z.string(), z.number()]).nullish();

/** `YES` / `NO` / `PARTIAL` as Inspector writes `fixAvailable` and `exploitAvailable`. */
const AvailabilitySchema = z.string().nullish();

/** `resources[].details.awsEcrContainerImage` (data type `AwsEcrContainerImageDetails`). */
export const EcrContainerImageDetailsSchema = z.object({
  imageHash: ImageDigestSchema,
  imageTags: z.array(ImageTagSchema).nullish(),
  registry: AccountIdSchema,
  repositoryName: RepositoryNameSchema,
  pushedAt: TimeTextSchema,
  lastInUseAt: TimeTextSchema,
  inUseCount: z.number().int().nonnegative().nullish(),
});

const VulnerablePackageSchema = z.object({
  name: z.string().nullish(),
  version: z.string().nullish(),
  release: z.string().nullish(),
  epoch: z.number().nullish(),
  fixedInVersion: z.string().nullish(),
});

/** A finding on an ECR image: the fields ecr-guard reads, strictly where they route it. */
export const Inspector2EcrFindingSchema = z.object({
  awsAccountId: AccountIdSchema,
  findingArn: z.string().regex(/^arn:aws[a-z-]*:inspector2:[a-z0-9-]+:\d{12}:finding\/\S+$/, {
    error:
      'expected an Inspector finding ARN like arn:aws:inspector2:us-east-1:123456789012:finding/…',
  }),
  status: z.enum(['ACTIVE', 'SUPPRESSED', 'CLOSED']),
  severity: z.string().min(1),
  title: z.string().nullish(),
  type: z.string().nullish(),
  inspectorScore: z.number().nullish(),
  epss: z.object({ score: z.number() }).nullish(),
  fixAvailable: AvailabilitySchema,
  exploitAvailable: AvailabilitySchema,
  updatedAt: TimeTextSchema,
  packageVulnerabilityDetails: z
    .object({
      vulnerabilityId: z.string().min(1),
      vendorSeverity: z.string().nullish(),
      sourceUrl: z.string().nullish(),
      referenceUrls: z.array(z.string()).nullish(),
      cvss: z.array(z.object({ baseScore: z.number().nullish() })).nullish(),
      vulnerablePackages: z.array(VulnerablePackageSchema).nullish(),
    })
    .nullish(),
  resources: z
    .array(
      z.object({
        type: z.literal(ECR_IMAGE_RESOURCE_TYPE),
        id: z.string().min(1),
        details: z.object({ awsEcrContainerImage: EcrContainerImageDetailsSchema }),
      }),
    )
    .length(1, { error: 'expected exactly one AWS_ECR_CONTAINER_IMAGE resource' }),
});
export type Inspector2EcrFinding = z.infer<typeof Inspector2EcrFindingSchema>;
